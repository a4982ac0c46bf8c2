using System.Diagnostics;
using CarbonRegistry.Testing;
using Npgsql;

namespace CarbonRegistry.Deployment.Tests;

/// <summary>The command the migration Job runs: <c>CarbonRegistry.Server migrate</c>.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_applies_every_migration_to_an_empty_database_and_then_nothing()
    {
        var connectionString = PostgresServer.CreateDatabase("migrate");
        var migrations = Directory.GetFiles(Path.Combine(ServerProcess.RepositoryRoot(), "schema", "sql", "postgresql"), "V*.sql").Length;

        var first = await RunAsync(connectionString);
        Assert.Contains($"{migrations} migrations applied", first, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"));

        var second = await RunAsync(connectionString);
        Assert.Contains("0 migrations applied", second, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string connectionString)
    {
        var dll = Path.Combine(ServerProcess.RepositoryRoot(), "src", "CarbonRegistry.Server", "bin", AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "CarbonRegistry.Server.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" migrate") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Storage__Provider"] = "PostgreSql";
        start.Environment["ConnectionStrings__Registry"] = connectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"migrate exited with {process.ExitCode}:\n{await output}\n{await error}");
        return await output + await error;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
