using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Balances;

namespace CarbonRegistry.Abstractions.Balances;

/// <summary>
/// <see cref="BalanceComponents"/> in grain snapshots: one JSON number per component, named as the
/// component, then <c>ValueAddedWanYuan</c>, <c>PartsWithoutValueAdded</c>, <c>ReportCount</c> and
/// <c>FactorSetCounts</c>: the shape earlier builds wrote, so their snapshots still load. Members
/// it does not know (an earlier build also wrote the derived <c>FactorSetIds</c> and
/// <c>IsZero</c>) are skipped; a missing component is zero.
/// </summary>
public sealed class BalanceComponentsJsonConverter : JsonConverter<BalanceComponents>
{
    private static readonly FrozenDictionary<string, BalanceComponent> s_components =
        BalanceComponentList.All.ToFrozenDictionary(c => c.ToString(), StringComparer.Ordinal);

    /// <inheritdoc/>
    public override BalanceComponents Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Balance components must be a JSON object.");
        }

        var values = new ComponentVector.Builder();
        var result = new BalanceComponents();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (s_components.TryGetValue(name, out var component))
            {
                values[component] = reader.GetDecimal();
                continue;
            }

            result = name switch
            {
                nameof(BalanceComponents.ValueAddedWanYuan) => result with { ValueAddedWanYuan = reader.GetDecimal() },
                nameof(BalanceComponents.PartsWithoutValueAdded) => result with { PartsWithoutValueAdded = reader.GetInt32() },
                nameof(BalanceComponents.ReportCount) => result with { ReportCount = reader.GetInt32() },
                nameof(BalanceComponents.FactorSetCounts) => result with { FactorSetCounts = reader.GetString() ?? "" },
                _ => Skip(ref reader, result),
            };
        }

        return result with { Values = values.ToVector() };
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, BalanceComponents value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();

        // As the Orleans codec: the components of the first format always, later ones (ids above
        // the counts' 24) only when not zero, so snapshots without them keep their old shape.
        foreach (var component in BalanceComponentList.All.Where(c => (int)c < 21 || value[c] != 0m))
        {
            writer.WriteNumber(component.ToString(), value[component]);
        }

        writer.WriteNumber(nameof(BalanceComponents.ValueAddedWanYuan), value.ValueAddedWanYuan);
        writer.WriteNumber(nameof(BalanceComponents.PartsWithoutValueAdded), value.PartsWithoutValueAdded);
        writer.WriteNumber(nameof(BalanceComponents.ReportCount), value.ReportCount);
        writer.WriteString(nameof(BalanceComponents.FactorSetCounts), value.FactorSetCounts);
        writer.WriteEndObject();
    }

    private static BalanceComponents Skip(ref Utf8JsonReader reader, BalanceComponents result)
    {
        reader.Skip();
        return result;
    }
}
