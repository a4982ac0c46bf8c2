using System.Text.Json;
using CarbonRegistry.Storage.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// Probes for an orchestrator: <c>/health/live</c> (the process answers), <c>/health/startup</c>
/// (the silo has joined the cluster: migrations and demo data are done before the server
/// listens) and <c>/health/ready</c> (database reachable, silo active, not shutting down).
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";
    private const string Startup = "startup";

    /// <summary>The health checks, and the shutdown timeout (<c>Shutdown:Timeout</c>, 25 s) within which in-flight requests drain.</summary>
    public static IHostApplicationBuilder AddRegistryHealth(this IHostApplicationBuilder builder)
    {
        var shutdown = builder.Configuration.GetValue("Shutdown:Timeout", TimeSpan.FromSeconds(25));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdown);
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<SiloHealthCheck>("silo", tags: [Ready, Startup])
            .AddCheck<ShutdownHealthCheck>("accepting", tags: [Ready]);
        return builder;
    }

    public static WebApplication MapRegistryHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/startup", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Startup), ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary><c>{ "status": "Healthy", "checks": { "database": { "status": …, "description": … } } }</c>.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        });
    }

    /// <summary>The ledger database answers a trivial query within 2 s.</summary>
    private sealed class DatabaseHealthCheck(RegistryDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await using var connection = await database.OpenAsync(timeout.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy($"{database.Provider} answers");
            }
            catch (Exception error) when (error is System.Data.Common.DbException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return HealthCheckResult.Unhealthy($"{database.Provider} does not answer: {error.GetType().Name}");
            }
        }
    }

    /// <summary>This silo is an active member of the cluster.</summary>
    private sealed class SiloHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy($"silo {silo.SiloAddress} is active")
                : HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is {status}"));
        }
    }

    /// <summary>Not ready once shutdown has begun, so load balancers stop sending new work.</summary>
    private sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("shutting down")
                : HealthCheckResult.Healthy("accepting requests"));
    }
}
