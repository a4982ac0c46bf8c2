using CarbonRegistry.Storage.Database;

namespace CarbonRegistry.Server.Hosting;

/// <summary>Applies pending migrations before the silo starts (hosted services start in order).</summary>
public sealed class DatabaseMigration(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken: cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
