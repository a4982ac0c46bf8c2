using System.ComponentModel.DataAnnotations;

namespace CarbonRegistry.Storage;

/// <summary>Which database holds the ledger and read model. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (embedded default) or <c>PostgreSql</c> (production).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite database file (embedded default), relative to the working directory.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/registry.db";

    /// <summary>PostgreSQL connection string; read from <c>ConnectionStrings:Registry</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The most commits one ledger transaction takes (group commit).</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 1_000;

    /// <summary>
    /// PostgreSQL: from how many commits a ledger transaction goes through the bulk path (an
    /// explicit transaction writing its ledger rows with binary COPY, and its balance deltas with
    /// binary COPY into a staging table added from there) instead of the one-round-trip array path.
    /// Off by default (more than any batch can hold): measured slower than the array path at every
    /// batch size from 16 to 1,000 commits (docs/benchmarks.md, <c>scenario ledger-copy</c>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int CopyThreshold { get; set; } = 1_000_000;
}

/// <summary>The storage engines.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: one silo, zero setup.</summary>
    Sqlite,

    /// <summary>PostgreSQL: production, several silos.</summary>
    PostgreSql,
}
