namespace CarbonRegistry.Abstractions.Entities;

/// <summary>What a body is registered with.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityRegistration
{
    /// <summary>Stable id chosen at registration, matching <see cref="EntityIds.Pattern"/>.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Kind of body.</summary>
    [Id(1)] public required EntityKind Kind { get; init; }

    /// <summary>English name.</summary>
    [Id(2)] public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    [Id(3)] public required string NameZh { get; init; }

    /// <summary>Parent id; null only for a province.</summary>
    [Id(4)] public string? ParentId { get; init; }

    /// <summary>Pilot programmes.</summary>
    [Id(5)] public IReadOnlyList<PilotProgram> Pilots { get; init; } = [];

    /// <summary>Base year of its targets.</summary>
    [Id(6)] public int BaseYear { get; init; } = 2020;

    /// <summary>Grid factor region for location-based scope 2: national, north_china or shanxi.</summary>
    [Id(7)] public string GridRegion { get; init; } = "national";
}

/// <summary>A registered body as the registry knows it now.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityInfo
{
    /// <summary>The registration, with the current parent.</summary>
    [Id(0)] public required EntityRegistration Registration { get; init; }

    /// <summary>Active or retired.</summary>
    [Id(1)] public required EntityStatus Status { get; init; }

    /// <summary>The entity's ledger version: how many events it has.</summary>
    [Id(2)] public required long Version { get; init; }

    /// <summary>When it was registered.</summary>
    [Id(3)] public required DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>Lifecycle of a registered body.</summary>
public enum EntityStatus
{
    /// <summary>Reporting.</summary>
    Active,

    /// <summary>No longer reporting; history kept.</summary>
    Retired,
}
