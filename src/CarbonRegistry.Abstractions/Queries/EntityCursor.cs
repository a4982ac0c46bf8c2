using System.Text;
using CarbonRegistry.Abstractions.Errors;

namespace CarbonRegistry.Abstractions.Queries;

/// <summary>The opaque cursor of an entity in a listing: its id, encoded so that clients do not build one.</summary>
public static class EntityCursor
{
    private const string Prefix = "entity:";

    /// <summary>The cursor after <paramref name="id"/>.</summary>
    public static string Encode(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + id));

    /// <summary>The id of <paramref name="cursor"/> (null stays null); a cursor this registry did not issue is <see cref="RegistryErrorCode.InvalidPage"/>.</summary>
    public static string? Decode(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new RegistryException(RegistryErrorCode.InvalidPage, "The cursor was not issued by this registry.", "after");
        }
    }
}
