namespace CarbonRegistry.Storage.ReadModel;

/// <summary>A row of the <c>entities</c> table.</summary>
public sealed record EntityRecord
{
    /// <summary>Id.</summary>
    public required string Id { get; init; }

    /// <summary>Kind name (Province, City, …).</summary>
    public required string Kind { get; init; }

    /// <summary>English name.</summary>
    public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>Parent id.</summary>
    public string? ParentId { get; init; }

    /// <summary>Pilot programme names, comma-separated.</summary>
    public required string Pilots { get; init; }

    /// <summary>Base year.</summary>
    public required int BaseYear { get; init; }

    /// <summary>Grid region.</summary>
    public required string GridRegion { get; init; }

    /// <summary>Status name.</summary>
    public required string Status { get; init; }

    /// <summary>Ledger version of the entity at its last change of this row.</summary>
    public required long Version { get; init; }

    /// <summary>Registration time.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }
}
