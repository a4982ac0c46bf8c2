using System.Collections.Concurrent;
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

    public IEntityGrain Get(string id)
    {
        if (_references.TryGetValue(id, out var reference))
        {
            return reference;
        }

        if (_references.Count >= MaxEntries)
        {
            _references.Clear();
        }

        return _references.GetOrAdd(id, key => grains.GetGrain<IEntityGrain>(key));
    }
}
