using System.Text.Json;

namespace CarbonRegistry.Accounting.Factors;

/// <summary>A position in a factor file: the JSON value, its file and its key path, for precise errors.</summary>
internal readonly record struct FactorNode(string File, string Path, JsonElement Element)
{
    public static FactorNode Parse(string fullPath, string file)
    {
        try
        {
            using var stream = System.IO.File.OpenRead(fullPath);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return new FactorNode(file, "(root)", document.RootElement.Clone());
        }
        catch (JsonException exception)
        {
            throw new FactorFileException(file, $"line {exception.LineNumber + 1}", $"not valid JSON: {exception.Message}");
        }
    }

    public FactorNode Required(string key) =>
        Optional(key) ?? throw Fail($"'{key}' is missing");

    public FactorNode? Optional(string key)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail("an object is expected");
        }

        return Element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null
            ? new FactorNode(File, Child(key), value)
            : null;
    }

    public IEnumerable<(string Key, FactorNode Node)> Properties()
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail("an object is expected");
        }

        foreach (var property in Element.EnumerateObject())
        {
            yield return (property.Name, new FactorNode(File, Child(property.Name), property.Value));
        }
    }

    public IEnumerable<FactorNode> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw Fail("an array is expected");
        }

        var index = 0;
        foreach (var item in Element.EnumerateArray())
        {
            yield return new FactorNode(File, $"{Path}[{index++}]", item);
        }
    }

    public string String() =>
        Element.ValueKind == JsonValueKind.String && Element.GetString() is { Length: > 0 } text
            ? text
            : throw Fail("a non-empty string is expected");

    public bool Bool() =>
        Element.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? Element.GetBoolean()
            : throw Fail("true or false is expected");

    public int Year() =>
        Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var year) && year is >= 1990 and <= 2100
            ? year
            : throw Fail("a year between 1990 and 2100 is expected");

    /// <summary>Reads <c>{ value, unit, source, check? }</c>, insisting on a positive value in the expected unit.</summary>
    public SourcedValue Sourced(string expectedUnit, bool atMostOne = false)
    {
        var valueNode = Required("value");
        if (valueNode.Element.ValueKind != JsonValueKind.Number || !valueNode.Element.TryGetDecimal(out var value))
        {
            throw valueNode.Fail("a decimal number is expected");
        }

        if (value <= 0m)
        {
            throw valueNode.Fail($"{value} is not positive");
        }

        if (atMostOne && value > 1m)
        {
            throw valueNode.Fail($"{value} is a fraction and must not exceed 1");
        }

        var unit = Required("unit").String();
        if (unit != expectedUnit)
        {
            throw Required("unit").Fail($"'{unit}' is not the unit this factor is stated in ('{expectedUnit}')");
        }

        return new SourcedValue(value, unit, Required("source").String(), Optional("check")?.Bool() ?? false);
    }

    public FactorFileException Fail(string problem) => new(File, Path, problem);

    private string Child(string key) => Path == "(root)" ? key : $"{Path}.{key}";
}
