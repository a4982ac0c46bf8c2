using CarbonRegistry.Abstractions.Balances;

namespace CarbonRegistry.Abstractions.Entities;

/// <summary>What a registered body is. The tree: province → city → zone or park → mine or enterprise.</summary>
public enum EntityKind
{
    /// <summary>The province (Shanxi).</summary>
    Province,

    /// <summary>A prefecture-level city.</summary>
    City,

    /// <summary>A pilot or demonstration zone (development zone, high-tech zone).</summary>
    Zone,

    /// <summary>An industrial park; may sit in a city or in a zone.</summary>
    Park,

    /// <summary>A coal mine; may sit directly under a city.</summary>
    Mine,

    /// <summary>An enterprise.</summary>
    Enterprise,
}

/// <summary>The kinds a body of each kind may sit under.</summary>
public static class EntityHierarchy
{
    /// <summary>The kinds that may contain nothing, as the entities table spells them.</summary>
    public static readonly IReadOnlyList<string> LeafKindNames = [.. Enum.GetValues<EntityKind>().Where(IsLeaf).Select(kind => kind.ToString())];

    /// <summary>
    /// Whether a body of <paramref name="kind"/> may contain nothing (mines and enterprises): its
    /// total is always its own balance, so the read model keeps only its own rows.
    /// </summary>
    public static bool IsLeaf(EntityKind kind) => kind is EntityKind.Mine or EntityKind.Enterprise;

    /// <summary>The scope of the stored rows that hold a body's total: its own rows for a leaf, its total rows otherwise.</summary>
    public static BalanceScope TotalScope(EntityKind kind) => IsLeaf(kind) ? BalanceScope.Own : BalanceScope.Total;

    /// <summary><see cref="TotalScope(EntityKind)"/> of a kind as the entities table spells it.</summary>
    public static BalanceScope TotalScope(string kindName) => TotalScope(Enum.Parse<EntityKind>(kindName));

    /// <summary>Whether a body of <paramref name="child"/> kind may have a parent of <paramref name="parent"/> kind.</summary>
    public static bool MayContain(EntityKind parent, EntityKind child) => child switch
    {
        EntityKind.Province => false,
        EntityKind.City => parent == EntityKind.Province,
        EntityKind.Zone => parent == EntityKind.City,
        EntityKind.Park => parent is EntityKind.City or EntityKind.Zone,
        EntityKind.Mine or EntityKind.Enterprise => parent is EntityKind.City or EntityKind.Zone or EntityKind.Park,
        _ => false,
    };
}
