using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>The system's Chromium (Debian package chromium), driven by Playwright; no browser is ever downloaded.</summary>
public static class SystemChromium
{
    /// <summary>CARBON_CHROMIUM names another executable; the default is Debian's.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CARBON_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ExecutablePath}. Install it with: apt-get install -y chromium (or set CARBON_CHROMIUM). The tests never download a browser.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
        return (playwright, browser);
    }
}
