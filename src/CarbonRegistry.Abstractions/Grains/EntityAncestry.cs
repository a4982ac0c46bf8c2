using CarbonRegistry.Abstractions.Entities;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// The one walk up the tree through the entity grains (each answers its registration from memory):
/// the access rules, subscriptions and moves all climb with it. The read model has its own chain
/// query for the ledger writer, which must read inside its transaction.
/// </summary>
public static class EntityAncestry
{
    /// <summary>Deeper than any hierarchy (province, city, zone, park, leaf): a walk this long has met a cycle.</summary>
    public const int MaxDepth = 16;

    /// <summary>
    /// The registrations from <paramref name="entityId"/> up to the province, nearest first, read
    /// one at a time so a caller may stop early; it ends at an id that is malformed or not registered.
    /// </summary>
    public static async IAsyncEnumerable<EntityInfo> UpFromAsync(Func<string, IEntityGrain> grain, string entityId)
    {
        var at = (string?)entityId;
        for (var depth = 0; at is not null && depth < MaxDepth; depth++)
        {
            if (await InfoAsync(grain, at) is not { } info)
            {
                yield break;
            }

            yield return info;
            at = info.Registration.ParentId;
        }
    }

    /// <summary>The registration of <paramref name="entityId"/>, or null when the id is malformed (no grain is addressed) or not registered.</summary>
    public static async Task<EntityInfo?> InfoAsync(Func<string, IEntityGrain> grain, string entityId) =>
        EntityIds.IsValid(entityId) ? await grain(entityId).GetInfo() : null;

    /// <summary>
    /// The registrations from <paramref name="entityId"/> up to the province (empty when it is not
    /// registered), stopping at <paramref name="stopAt"/> if the walk meets it: a move checks that
    /// its new parent's chain does not pass through the entity that moves (a cycle).
    /// </summary>
    public static async Task<IReadOnlyList<EntityInfo>> ChainAsync(Func<string, IEntityGrain> grain, string entityId, string stopAt)
    {
        var chain = new List<EntityInfo>();
        await foreach (var info in UpFromAsync(grain, entityId))
        {
            chain.Add(info);
            if (info.Registration.Id == stopAt)
            {
                break;
            }
        }

        return chain;
    }
}
