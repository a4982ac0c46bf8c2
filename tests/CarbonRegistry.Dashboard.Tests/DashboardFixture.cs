using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>
/// The real server process (embedded SQLite with the demo data, a known signing key) behind a TCP
/// proxy that tests can cut, and headless Chromium. Pages load through the proxy; the API is
/// called directly.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("carbon-dashboard");
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private ServerProcess _server = null!;
    private IPlaywright _playwright = null!;

    public TcpProxy Proxy { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Screenshots go here (the test output folder), named by test.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The last month that can be reported now (China time): the page shows its year by default.</summary>
    public static (int Year, int Month) LatestMonth
    {
        get
        {
            var china = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-1);
            return (china.Year, china.Month);
        }
    }

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Storage__SqlitePath"] = Path.Combine(_directory.Path, "registry.db"),
                ["Demo__Seed"] = "true",
                ["Auth__SigningKey"] = Convert.ToBase64String(_key),
            },
            _directory.Path);
        Api = new HttpClient { BaseAddress = _server.BaseAddress };
        Proxy = new TcpProxy(_server.HttpPort);
        (_playwright, Browser) = await SystemChromium.LaunchAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Proxy.DisposeAsync();
        Api.Dispose();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    public string Token(string role, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        TokenIssuer.Issue(new SymmetricSecurityKey(_key), $"test-{role}", role, [], lifetime ?? TimeSpan.FromMinutes(30), issuedAt ?? DateTimeOffset.UtcNow);

    /// <summary>A page in a fresh browser context, on the proxy's address, recording every URL it requests.</summary>
    public async Task<(IPage Page, List<string> Requests)> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Proxy.Address.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = locale });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request.Url);
            }
        };
        return (page, requests);
    }

    /// <summary>Opens the dashboard and signs in through its form.</summary>
    public async Task<(IPage Page, List<string> Requests)> SignedInPageAsync(string? token = null)
    {
        var (page, requests) = await NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#token").FillAsync(token ?? Token(RegistryRoles.Dashboard));
        await page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "overview", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-charts", "overview");
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        return (page, requests);
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Runs a GraphQL request as admin against the server itself (not through the proxy); errors fail the test.</summary>
    public async Task<JsonElement> GraphQLAsync(string query, object variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(RegistryRoles.Admin));
        using var response = await Api.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(json.TryGetProperty("errors", out var errors), errors.ToString());
        return json.GetProperty("data");
    }

    /// <summary>Registers a new enterprise under <paramref name="parent"/> and files its report for the latest month: a large coal burner, with value added.</summary>
    public async Task<long> NewEnterpriseReportAsync(string id, string parent, decimal coalTonnes)
    {
        await GraphQLAsync(
            "mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }",
            new { input = new { id, kind = "ENTERPRISE", name = $"Test enterprise {id}", nameZh = $"测试企业{id}", parentId = parent } });
        var (year, month) = LatestMonth;
        var data = await GraphQLAsync(
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new
            {
                input = new
                {
                    entityId = id,
                    year,
                    month,
                    idempotencyKey = $"{id}-{year}-{month}",
                    fuels = new[] { new { carrier = "raw_coal", quantity = coalTonnes, unit = "t" } },
                    gridElectricity = new { value = 2_000_000m, unit = "kWh" },
                    valueAdded = new { value = 50_000m, unit = "10^4 yuan" },
                },
            });
        return data.GetProperty("submitReport").GetProperty("sequence").GetInt64();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
