namespace CarbonRegistry.Accounting.Factors;

/// <summary>A coefficient as published: its value, the unit it is stated in, and where it comes from.</summary>
/// <param name="Value">The coefficient (always positive).</param>
/// <param name="Unit">The unit it is stated in, e.g. <c>kgCO2/kWh</c>.</param>
/// <param name="Source">The document it is taken from.</param>
/// <param name="NeedsCheck">True when it came from a secondary copy and awaits a check against the original.</param>
public sealed record SourcedValue(decimal Value, string Unit, string Source, bool NeedsCheck);
