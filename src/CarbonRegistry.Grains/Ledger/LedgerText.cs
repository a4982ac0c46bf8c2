using CarbonRegistry.Abstractions.Errors;

namespace CarbonRegistry.Grains.Ledger;

/// <summary>Texts that end up in the ledger: bounded, and free of control characters (which jsonb refuses).</summary>
public static class LedgerText
{
    /// <summary>Refuses a text over <paramref name="maxLength"/> or with control characters (<see cref="RegistryErrorCode.InvalidText"/>).</summary>
    public static void Check(string text, string field, int maxLength)
    {
        if (text.Length > maxLength || text.Any(char.IsControl))
        {
            throw new RegistryException(RegistryErrorCode.InvalidText, $"'{field}' must be at most {maxLength} characters, without control characters.", field);
        }
    }

    /// <summary>As <see cref="Check"/>, and a missing or blank text is <see cref="RegistryErrorCode.MissingField"/>.</summary>
    public static void Require(string? text, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, $"'{field}' is required.", field);
        }

        Check(text, field, maxLength);
    }
}
