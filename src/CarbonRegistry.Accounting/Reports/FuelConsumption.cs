using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Reports;

/// <summary>One line of fuel consumption in a monthly report.</summary>
/// <param name="Carrier">The carrier code of the factor set, e.g. <c>raw_coal</c>.</param>
/// <param name="Quantity">Mass (t, kg) or volume (m3, 10^4 m3), as the carrier is measured.</param>
/// <param name="Use">Combustion, feedstock or biomass.</param>
public sealed record FuelConsumption(string Carrier, Quantity Quantity, FuelUse Use = FuelUse.Combustion);
