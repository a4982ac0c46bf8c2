using System.Text.Json;
using System.Text.Json.Serialization;
using GraphQL;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// Reads request variables and extensions as GraphQL.NET's own converter does (objects as
/// dictionaries, arrays as lists), except numbers: a number that <see cref="decimal"/> would round
/// to zero (<c>1e-30</c>) is handed on as the <see cref="double"/> it is, so that the schema's
/// <see cref="Schema.ExactDecimalGraphType"/> can refuse it; GraphQL.NET's reader made it 0.
/// </summary>
internal sealed class ExactInputsConverter : JsonConverter<Inputs>
{
    public override Inputs Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.StartObject
            ? new Inputs(ReadObject(ref reader))
            : throw new JsonException("Expected a JSON object.");

    public override void Write(Utf8JsonWriter writer, Inputs value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, (IReadOnlyDictionary<string, object?>)value, options);

    private static Dictionary<string, object?> ReadObject(ref Utf8JsonReader reader)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            result[name] = ReadValue(ref reader);
        }

        return result;
    }

    private static object? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader),
        JsonTokenType.StartArray => ReadArray(ref reader),
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => ReadNumber(ref reader),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Unexpected {reader.TokenType}."),
    };

    private static List<object?> ReadArray(ref Utf8JsonReader reader)
    {
        var result = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            result.Add(ReadValue(ref reader));
        }

        return result;
    }

    private static object ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt32(out var small))
        {
            return small;
        }

        if (reader.TryGetInt64(out var large))
        {
            return large;
        }

        // A decimal only when it is the number: zero from a mantissa with a nonzero digit is not.
        var text = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        var mantissa = text[..(text.IndexOfAny((byte)'e', (byte)'E') is var e and >= 0 ? e : text.Length)];
        return reader.TryGetDecimal(out var exact) && (exact != 0 || !mantissa.ContainsAnyInRange((byte)'1', (byte)'9'))
            ? exact
            : reader.GetDouble();
    }
}
