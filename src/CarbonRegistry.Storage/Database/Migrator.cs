using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Storage.Database;

/// <summary>
/// Applies the versioned SQL files of <c>schema/sql/&lt;dialect&gt;/</c> (<c>V001__name.sql</c>, …) in
/// order, each in its own transaction, recording it in <c>schema_migrations</c>. Applied versions
/// are skipped, so start-up may run it every time; on PostgreSQL an advisory lock keeps two silos
/// starting together from applying the same file twice.
/// </summary>
public sealed class Migrator(RegistryDatabase database, ILogger<Migrator> logger)
{
    /// <summary>Where the SQL files are shipped.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "sql");

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var dialect = database.Provider == StorageProvider.PostgreSql ? "postgresql" : "sqlite";
        var folder = Path.Combine(directory ?? DefaultDirectory, dialect);
        var files = Directory.GetFiles(folder, "V*.sql", SearchOption.AllDirectories)
            .OrderBy(file => Path.GetFileName(file), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No migrations found in {folder}.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at text NOT NULL)");
        var applied = new List<string>();
        foreach (var file in files)
        {
            var version = Path.GetFileNameWithoutExtension(file);
            if (await ApplyAsync(connection, version, await File.ReadAllTextAsync(file, cancellationToken)))
            {
                logger.LogInformation("Applied migration {Version}", version);
                applied.Add(version);
            }
        }

        return applied;
    }

    private async Task<bool> ApplyAsync(DbConnection connection, string version, string sql)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        if (database.Provider == StorageProvider.PostgreSql)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(7243110000)", transaction: transaction);
        }

        var done = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM schema_migrations WHERE version = @version", new { version }, transaction);
        if (done > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(sql, transaction: transaction);
        await connection.ExecuteAsync(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
            new { version, at = DateTimeOffset.UtcNow.ToString("O") },
            transaction);
        await transaction.CommitAsync();
        return true;
    }
}
