namespace CarbonRegistry.Accounting.Errors;

/// <summary>
/// Stable error codes for input a user can get wrong. They are public API: clients branch on them,
/// so a code is never renamed or reused for another meaning.
/// </summary>
public static class AccountingErrorCode
{
    /// <summary>A quantity is negative, not a finite number, or absurdly large.</summary>
    public const string InvalidQuantity = "INVALID_QUANTITY";

    /// <summary>A unit symbol is not one the registry knows.</summary>
    public const string UnknownUnit = "UNKNOWN_UNIT";

    /// <summary>A unit does not measure what the field or carrier needs (e.g. kWh for coal).</summary>
    public const string UnitNotValid = "UNIT_NOT_VALID";

    /// <summary>A fuel names a carrier that the factor set does not define.</summary>
    public const string UnknownCarrier = "UNKNOWN_CARRIER";

    /// <summary>A carrier is used in a way its kind forbids (biomass burned as fossil fuel, or the reverse).</summary>
    public const string CarrierUseNotValid = "CARRIER_USE_NOT_VALID";

    /// <summary>No current factor set covers the data year of the period.</summary>
    public const string NoFactorSetForYear = "NO_FACTOR_SET_FOR_YEAR";

    /// <summary>A factor set id does not exist.</summary>
    public const string UnknownFactorSet = "UNKNOWN_FACTOR_SET";

    /// <summary>The factor set covers the year but not the year of the period asked for, or lacks a selected factor (e.g. a regional grid factor).</summary>
    public const string FactorNotAvailable = "FACTOR_NOT_AVAILABLE";

    /// <summary>A month outside 1–12 or a year outside the supported range.</summary>
    public const string InvalidPeriod = "INVALID_PERIOD";

    /// <summary>Green-certified electricity exceeds the grid electricity it is part of.</summary>
    public const string GreenExceedsGrid = "GREEN_EXCEEDS_GRID";

    /// <summary>Flared and utilised coal-mine methane exceed the methane drained.</summary>
    public const string MethaneBalanceNotValid = "METHANE_BALANCE_NOT_VALID";

    /// <summary>A dual-control target is out of range (non-positive cap, reduction outside 0–1, …).</summary>
    public const string InvalidTarget = "INVALID_TARGET";

    /// <summary>A product line names a product the catalogue (<c>schema/policy/products.json</c>) does not list.</summary>
    public const string UnknownProduct = "UNKNOWN_PRODUCT";

    /// <summary>A report states the same product twice.</summary>
    public const string DuplicateProduct = "DUPLICATE_PRODUCT";

    /// <summary>A factor-set file is missing, malformed or inconsistent; the message names the file and key.</summary>
    public const string FactorFileNotValid = "FACTOR_FILE_NOT_VALID";
}
