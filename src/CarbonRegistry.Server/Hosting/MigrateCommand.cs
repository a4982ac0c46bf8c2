using CarbonRegistry.Storage.Database;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// <c>CarbonRegistry.Server migrate</c>: applies pending schema migrations to the configured
/// database and exits (the Kubernetes migration Job). The server also migrates at start-up, so
/// running this first is optional, but it keeps schema changes out of the silos' start.
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddRegistryStorage();
        using var host = builder.Build();
        var applied = await host.Services.GetRequiredService<Migrator>().MigrateAsync();
        host.Services.GetRequiredService<ILogger<Migrator>>().LogInformation("{Count} migrations applied: {Migrations}", applied.Count, string.Join(", ", applied));
        return 0;
    }
}
