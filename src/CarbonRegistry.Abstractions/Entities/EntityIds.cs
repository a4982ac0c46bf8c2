using System.Text.RegularExpressions;

namespace CarbonRegistry.Abstractions.Entities;

/// <summary>The id rule: lower-case letters, digits and hyphens, 2–64 characters, starting with a letter.</summary>
public static partial class EntityIds
{
    /// <summary>The pattern ids must match.</summary>
    public const string Pattern = "^[a-z][a-z0-9-]{1,63}$";

    /// <summary>Whether <paramref name="id"/> is a well-formed id.</summary>
    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
