using System.Collections.Concurrent;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;

namespace CarbonRegistry.Api.Schema;

/// <summary>
/// Entity grain references by id, each made once: Orleans finds the grain interface's type by
/// reading its attributes on every <c>GetGrain</c>, which was a few percent of a query's cost.
/// A reference is only an address, so keeping it is safe; the map is emptied if it ever holds more
/// references than the province has entities.
/// </summary>
public sealed class EntityGrains(IGrainFactory grains)
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<string, IEntityGrain> _references = new(StringComparer.Ordinal);

    /// <summary>The grain of <paramref name="id"/>; a malformed id is refused (INVALID_ENTITY_ID) before any grain is addressed.</summary>
    public IEntityGrain Get(string id)
    {
        if (_references.TryGetValue(id, out var reference))
        {
            return reference;
        }

        if (!EntityIds.IsValid(id))
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"Id '{Shorten(id)}' does not match {EntityIds.Pattern}.", "id");
        }

        if (_references.Count >= MaxEntries)
        {
            _references.Clear();
        }

        return _references.GetOrAdd(id, key => grains.GetGrain<IEntityGrain>(key));
    }

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "…";
}
