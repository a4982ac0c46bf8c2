using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Factors;

/// <summary>
/// An energy carrier of a factor set with its standard-coal coefficient (GB/T 2589) and combustion
/// parameters (net calorific value, carbon content per unit heat, oxidation rate).
/// </summary>
public sealed class Carrier
{
    /// <summary>Creates a carrier and precomputes its per-base-unit coefficients.</summary>
    public Carrier(
        string code,
        string name,
        string nameZh,
        CarrierKind kind,
        bool clean,
        Measure measure,
        SourcedValue standardCoal,
        SourcedValue netCalorificValue,
        SourcedValue carbonContent,
        SourcedValue oxidation)
    {
        Code = code;
        Name = name;
        NameZh = nameZh;
        Kind = kind;
        Clean = clean;
        Measure = measure;
        StandardCoal = standardCoal;
        NetCalorificValue = netCalorificValue;
        CarbonContent = carbonContent;
        Oxidation = oxidation;

        // Per base unit (t for mass, m3 for volume). Only multiplications and powers of ten, so
        // both are exact and a line's result is exact too: that is what makes balances additive.
        // kgce/kg is numerically tce/t; kgce/m3 is tce per 1,000 m3.
        TcePerBaseUnit = measure == Measure.Mass ? standardCoal.Value : standardCoal.Value / 1_000m;

        // CO2 = activity × NCV × carbon content × oxidation × 44/12 (GB/T 32150, IPCC 2006).
        // We keep carbon (tC) here and apply 44/12 once, on totals: see Balance.CombustionCo2Tco2.
        // NCV is GJ/t or GJ per 10^4 m3; carbon content is tC/TJ = tC per 1,000 GJ.
        var gjPerBaseUnit = measure == Measure.Mass ? netCalorificValue.Value : netCalorificValue.Value / 10_000m;
        CarbonPerBaseUnit = gjPerBaseUnit * carbonContent.Value / 1_000m * oxidation.Value;
    }

    /// <summary>Stable code used in reports, e.g. <c>raw_coal</c>.</summary>
    public string Code { get; }

    /// <summary>English name.</summary>
    public string Name { get; }

    /// <summary>Chinese name.</summary>
    public string NameZh { get; }

    /// <summary>Fossil or biomass.</summary>
    public CarrierKind Kind { get; }

    /// <summary>Whether its consumption counts as clean energy for the clean-energy share.</summary>
    public bool Clean { get; }

    /// <summary>Mass (reported in t or kg) or volume (m3 or 10^4 m3).</summary>
    public Measure Measure { get; }

    /// <summary>kgce per kg or per m3 (GB/T 2589).</summary>
    public SourcedValue StandardCoal { get; }

    /// <summary>Net calorific value: GJ/t, or GJ per 10^4 m3 for gases.</summary>
    public SourcedValue NetCalorificValue { get; }

    /// <summary>Carbon content per unit heat, tC/TJ.</summary>
    public SourcedValue CarbonContent { get; }

    /// <summary>Oxidation rate, a fraction in (0, 1].</summary>
    public SourcedValue Oxidation { get; }

    /// <summary>tce per t (mass) or per m3 (volume). Exact.</summary>
    public decimal TcePerBaseUnit { get; }

    /// <summary>Oxidised carbon, tC per t or per m3 burned. Exact.</summary>
    public decimal CarbonPerBaseUnit { get; }
}
