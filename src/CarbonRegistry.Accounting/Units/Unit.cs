namespace CarbonRegistry.Accounting.Units;

/// <summary>The units reporters and regulators use. Symbols are listed in <see cref="UnitCatalog"/>.</summary>
public enum Unit
{
    /// <summary>Tonne (t).</summary>
    Tonne,

    /// <summary>Kilogram (kg).</summary>
    Kilogram,

    /// <summary>Cubic metre at standard conditions (m3).</summary>
    CubicMetre,

    /// <summary>Ten thousand cubic metres (10^4 m3, 万立方米).</summary>
    TenThousandCubicMetres,

    /// <summary>Kilowatt-hour (kWh).</summary>
    KilowattHour,

    /// <summary>Megawatt-hour (MWh); one green certificate is 1 MWh.</summary>
    MegawattHour,

    /// <summary>Gigajoule (GJ).</summary>
    Gigajoule,

    /// <summary>Megajoule (MJ).</summary>
    Megajoule,

    /// <summary>Tonne of standard coal equivalent (tce; 1 kgce = 29.3076 MJ).</summary>
    Tce,

    /// <summary>Tonne of carbon dioxide (tCO2).</summary>
    TonneCo2,

    /// <summary>Tonne of CO2 equivalent (tCO2e), other gases weighted by a GWP set.</summary>
    TonneCo2e,

    /// <summary>Ten thousand yuan (10^4 yuan, 万元) at comparable prices.</summary>
    TenThousandYuan,

    /// <summary>Ten thousand kilowatt-hours (10^4 kWh, 万千瓦时), as statistical returns give electricity.</summary>
    TenThousandKilowattHours,

    /// <summary>Kilogram of standard coal equivalent (kgce, 千克标准煤).</summary>
    KilogramCoalEquivalent,

    /// <summary>Ten thousand tonnes (10^4 t, 万吨), as raw-coal output is often given.</summary>
    TenThousandTonnes,
}

/// <summary>What a unit measures. Conversion happens only between units of one measure.</summary>
public enum Measure
{
    /// <summary>Mass: t, kg, 10^4 t.</summary>
    Mass,

    /// <summary>Gas volume: m3, 10^4 m3.</summary>
    Volume,

    /// <summary>Electric energy: kWh, MWh, 10^4 kWh.</summary>
    Electricity,

    /// <summary>Heat: GJ, MJ.</summary>
    Heat,

    /// <summary>Standard coal equivalent: tce, kgce.</summary>
    StandardCoal,

    /// <summary>Greenhouse-gas mass: tCO2, tCO2e.</summary>
    Emission,

    /// <summary>Money: 10^4 yuan.</summary>
    Money,
}
