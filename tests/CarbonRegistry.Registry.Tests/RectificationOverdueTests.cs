using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Api;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Server.Hosting;
using CarbonRegistry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// The overdue rectification report end to end: the server's own composition in this process, on
/// 127.0.0.1 with the embedded default, except for its clock, which the test moves forward past
/// the month a report is due in. The assessment's daily check (a reminder, due here 3 s after
/// publication) then records the report overdue, and a dashboard's WebSocket subscription gets the
/// alert. A real month cannot be waited for; nothing else is replaced.
/// </summary>
public sealed class RectificationOverdueTests
{
    [Fact]
    public async Task A_report_not_submitted_within_its_month_is_recorded_overdue_and_the_alert_reaches_a_subscriber()
    {
        using var directory = new TemporaryDirectory("carbon-overdue");
        var clock = new MovableClock();
        var key = RandomNumberGenerator.GetBytes(32);
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(directory.Path, "registry.db"),
            ["Auth:SigningKey"] = Convert.ToBase64String(key),
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Registry:FilingCheckDueTime"] = "00:00:03",
            ["Registry:FilingCheckPeriod"] = "00:01:00",
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddRegistryStorage();
        builder.AddRegistryOrleans();
        builder.AddRegistryApi(developmentKeyFile: null);
        builder.Services.AddSingleton<TimeProvider>(clock);
        await using var app = builder.Build();
        app.MapRegistryGraphQL();
        await app.StartAsync();

        // Tokens are checked against the real time; they outlive the move of the clock.
        string Token(string role) => TokenIssuer.Issue(new SymmetricSecurityKey(key), $"overdue-{role}", role, [], TimeSpan.FromDays(90), DateTimeOffset.UtcNow);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var admin = RegistryHttp.Client(baseAddress, Token(RegistryRoles.Admin));
        using var provincial = RegistryHttp.Client(baseAddress, Token(RegistryRoles.Provincial));

        const string Register = "mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }";
        await RegistryHttp.PostAsync(admin, Register, new { input = new { id = "ov-prov", kind = "PROVINCE", name = "P", nameZh = "省" } });
        await RegistryHttp.PostAsync(admin, Register, new { input = new { id = "ov-city", kind = "CITY", name = "C", nameZh = "市", parentId = "ov-prov" } });
        await RegistryHttp.PostAsync(admin, Register, new { input = new { id = "ov-mine", kind = "MINE", name = "M", nameZh = "矿", parentId = "ov-city" } });

        // 2025: 100 t of raw coal a month (71.43 tce) for 10 × 10^4 yuan, 7.143 tce per 10^4 yuan
        // against a base of 5.0: the intensity veto item is missed. Measures judged: complete,
        // graded not met, whose consequence is a rectification report due within a month.
        for (var month = 1; month <= 12; month++)
        {
            await RegistryHttp.PostAsync(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "ov-mine", year = 2025, month, idempotencyKey = $"ov-{month}", fuels = new[] { new { carrier = "raw_coal", quantity = 100, unit = "t" } }, valueAdded = new { value = 10, unit = "10^4 yuan" } } });
        }

        await RegistryHttp.PostAsync(provincial, "mutation { setTargets(input: { entityId: \"ov-city\", year: 2025, energyCapTce: 100000, energyIntensity: { baseYear: 2020, baseIntensity: 5.0, reduction: 0.03 } }) { year } }", new { });
        await RegistryHttp.PostAsync(provincial, "mutation { enterAssessmentJudgement(scheme: \"energy_saving\", year: 2025, entityId: \"ov-city\", indicator: \"measures\", points: 40, reason: \"measures reviewed\") { year } }", new { });

        await using var dashboard = await GraphQLWsClient.ConnectAsync(baseAddress, Token(RegistryRoles.Provincial));
        await dashboard.SubscribeAsync("alerts", "subscription { alertRaised(entityId: \"ov-city\") { kind entityId period message } }", new { });
        await Task.Delay(500); // the subscription follows from the ledger's end once started

        var published = await RegistryHttp.PostAsync(provincial, "mutation { publishAssessment(scheme: \"energy_saving\", year: 2025) { obligations { entityId grade due status } } }", new { });
        clock.Move(TimeSpan.FromDays(40));
        var owed = published.GetProperty("publishAssessment").GetProperty("obligations").EnumerateArray().Single();
        var due = owed.GetProperty("due").GetString()!;
        Assert.Equal(("ov-city", "NotMet", "OPEN"), (owed.GetProperty("entityId").GetString(), owed.GetProperty("grade").GetString(), owed.GetProperty("status").GetString()));
        Assert.Equal(ChinaTime.Day(DateTimeOffset.UtcNow).AddMonths(1), DateOnly.Parse(due, CultureInfo.InvariantCulture));

        JsonElement? alert = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (alert is null && await dashboard.ReceiveAsync(timeout.Token) is { } message)
            {
                if (message.GetProperty("type").GetString() == "next")
                {
                    alert = message.GetProperty("payload").GetProperty("data").GetProperty("alertRaised");
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("No RECTIFICATION_OVERDUE alert within 30 s of moving the clock past the due day.");
        }

        Assert.NotNull(alert);
        Assert.Equal(("RECTIFICATION_OVERDUE", "ov-city", due), (alert.Value.GetProperty("kind").GetString(), alert.Value.GetProperty("entityId").GetString(), alert.Value.GetProperty("period").GetString()));
        Assert.Contains("energy_saving:2025", alert.Value.GetProperty("message").GetString(), StringComparison.Ordinal);

        var obligation = (await RegistryHttp.PostAsync(provincial, "{ assessment(scheme: \"energy_saving\", year: 2025) { obligations { entityId status } } }", new { }))
            .GetProperty("assessment").GetProperty("obligations").EnumerateArray().Single();
        Assert.Equal("OVERDUE", obligation.GetProperty("status").GetString());
    }

    /// <summary>The system clock, which the test can move forward; its timers and timestamps are the system's.</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long _offsetTicks;

        public void Move(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
