using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Reports;

/// <summary>
/// Coal-mine methane of a month, as volumes of pure CH4 at standard conditions. Drained gas is
/// what the drainage system extracts; of it, <see cref="Flared"/> is burned in a flare and
/// <see cref="Utilised"/> is used (power, heating, sold); the rest of the drained gas is released.
/// Ventilation-air methane is <see cref="Vented"/>. Utilised gas burned on site is also reported as
/// a <c>coalbed_methane</c> fuel line, so that its energy and CO2 count once, as fuel.
/// </summary>
/// <param name="Drained">CH4 extracted by drainage (抽采).</param>
/// <param name="Vented">CH4 in ventilation air (风排).</param>
/// <param name="Flared">Drained CH4 destroyed in a flare (火炬).</param>
/// <param name="Utilised">Drained CH4 used (利用).</param>
public sealed record CoalMineMethane(Quantity Drained, Quantity Vented, Quantity Flared, Quantity Utilised);
