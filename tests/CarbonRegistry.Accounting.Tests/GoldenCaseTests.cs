using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>
/// Balances worked by hand from the shipped factor sets. Every figure that involves only
/// products of decimals is exact and asserted exactly. CO2 from carbon (× 44/12) is a repeating
/// decimal: it is asserted to the gram (6 places in tonnes), the precision of the hand working.
/// Sources: GB/T 2589-2020 (standard coal), NDRC 2015 guidelines (combustion, methane, heat),
/// MEE/NBS grid factors, IPCC AR5 GWP (CH4 28).
/// </summary>
public sealed class GoldenCaseTests
{
    [Fact]
    public void Coal_mine_with_raw_coal_diesel_grid_power_and_vented_and_flared_methane()
    {
        var report = new MonthlyReport
        {
            Year = 2022,
            Month = 6,
            Fuels =
            [
                new FuelConsumption("raw_coal", new Quantity(1_200m, Unit.Tonne)),
                new FuelConsumption("diesel", new Quantity(85_000m, Unit.Kilogram)),
            ],
            GridElectricity = new Quantity(4_500m, Unit.MegawattHour),
            Methane = new CoalMineMethane(
                Drained: new Quantity(200m, Unit.TenThousandCubicMetres),
                Vented: new Quantity(3_500_000m, Unit.CubicMetre),
                Flared: new Quantity(300_000m, Unit.CubicMetre),
                Utilised: new Quantity(1_200_000m, Unit.CubicMetre)),
            ValueAdded = new Quantity(12_000m, Unit.TenThousandYuan),
        };

        var balance = BalanceCalculator.Compute(report, Shipped.Catalog, new BalanceOptions { GridRegion = GridRegion.Shanxi });

        Assert.Equal("2022-06", balance.Period);
        Assert.Equal("CN-2022.1", balance.FactorSetId);

        // Energy (GB/T 2589): raw coal 1,200 t × 0.7143 = 857.16 tce; diesel 85 t × 1.4571 = 123.8535 tce;
        // grid 4,500,000 kWh × 0.1229 kgce/kWh = 553.05 tce. Total 1,534.0635 tce.
        Assert.Equal(857.16m + 123.8535m, balance[FuelCombustionTce]);
        Assert.Equal(553.05m, balance[GridElectricityTce]);
        Assert.Equal(1_534.0635m, balance.EnergyTce);
        Assert.Equal(1_534.0635m, balance.ControlledEnergyTce);

        // Equal value: 4,500,000 kWh × 0.3007 kgce/kWh (2022 thermal coal rate) = 1,353.15 tce → 2,334.1635 tce.
        Assert.Equal(2_334.1635m, balance.EqualValueEnergyTce);

        // Carbon: raw coal 1,200 × 20.908 GJ/t × 26.37 tC/TJ / 1000 × 0.94 = 621.91598688 tC;
        // diesel 85 × 42.652 × 20.2 / 1000 × 0.98 = 71.76881432 tC. Sum 693.6848012 tC,
        // × 44/12 = 2,543.510937733… tCO2.
        Assert.Equal(693.6848012m, balance[CombustionCarbonTc]);
        Assert.Equal(2_543.510938m, Math.Round(balance.CombustionCo2Tco2, 6));

        // Methane, density 7.17 t/10^4 m3 = 0.000717 t/m3:
        // released = vented 3,500,000 + drained not used (2,000,000 − 300,000 − 1,200,000 = 500,000)
        //          = 4,000,000 m3 × 0.000717 = 2,868 t, plus 2% of flared: 300,000 × 0.000717 × 0.02 = 4.302 t
        //          → 2,872.302 t CH4 × 28 (AR5) = 80,424.456 tCO2e.
        // Flare CO2 = 215.1 t CH4 × 0.98 × 44/16 = 579.6945 tCO2.
        Assert.Equal(2_872.302m, balance[MethaneReleasedTch4]);
        Assert.Equal(80_424.456m, balance[MethaneReleasedTco2e]);
        Assert.Equal(579.6945m, balance[FlareCo2Tco2]);
        Assert.Equal(81_004.1505m, balance.MethaneTco2e);

        // Scope 2 on the Shanxi grid (2022: 0.7096 kgCO2/kWh) = 3,193.2 t; market: residual 0.5856 = 2,635.2 t.
        Assert.Equal(3_193.2m, balance.Scope2LocationTco2);
        Assert.Equal(2_635.2m, balance.Scope2MarketTco2);

        // Scope 1 = 2,543.510938 + 81,004.1505 = 83,547.661438; gross = + 3,193.2; net = + 2,635.2.
        Assert.Equal(83_547.661438m, Math.Round(balance.Scope1Tco2e, 6));
        Assert.Equal(86_740.861438m, Math.Round(balance.GrossTco2e, 6));
        Assert.Equal(86_182.861438m, Math.Round(balance.NetTco2e, 6));

        // Intensities over 12,000 × 10^4 yuan: 1,534.0635 / 12,000 = 0.127838625 tce per 10^4 yuan (exact);
        // 86,740.861438 / 12,000 = 7.228405 tCO2e per 10^4 yuan.
        Assert.Equal(0.127838625m, balance.EnergyIntensity);
        Assert.Equal(7.228405m, Math.Round(balance.CarbonIntensity!.Value, 6));
        Assert.Equal(0m, balance.CleanEnergyShare);
        Assert.Equal(0m, balance.BiomassTco2);
    }

    [Fact]
    public void Park_with_natural_gas_as_feedstock_and_green_certified_electricity()
    {
        var report = new MonthlyReport
        {
            Year = 2023,
            Month = 3,
            Fuels =
            [
                new FuelConsumption("natural_gas", new Quantity(200m, Unit.TenThousandCubicMetres), FuelUse.Combustion),
                new FuelConsumption("natural_gas", new Quantity(3_000_000m, Unit.CubicMetre), FuelUse.Feedstock),
            ],
            GridElectricity = new Quantity(20_000m, Unit.MegawattHour),
            GreenCertifiedElectricity = new Quantity(8_000m, Unit.MegawattHour),
            ValueAdded = new Quantity(50_000m, Unit.TenThousandYuan),
        };

        var balance = BalanceCalculator.Compute(report, Shipped.Catalog);

        Assert.Equal("CN-2023.1", balance.FactorSetId);

        // Natural gas 1.2143 kgce/m3: burned 2,000,000 m3 → 2,428.6 tce; feedstock 3,000,000 m3 → 3,642.9 tce.
        // Grid 20,000,000 kWh × 0.1229 = 2,458 tce, of which green 8,000,000 kWh → 983.2 tce.
        Assert.Equal(2_428.6m, balance[FuelCombustionTce]);
        Assert.Equal(3_642.9m, balance.FeedstockDeductionTce);
        Assert.Equal(8_529.5m, balance.EnergyTce);

        // No renewable baseline given: the whole 983.2 tce of green power is growth.
        // Controlled = 8,529.5 − 983.2 − 3,642.9 = 3,903.4 tce.
        Assert.Equal(983.2m, balance.RenewableDeductionTce);
        Assert.Equal(3_903.4m, balance.ControlledEnergyTce);

        // CO2 of burned gas only: 200 (10^4 m3) × 389.31 GJ × 15.3 tC/TJ / 1000 × 0.99 = 1,179.375714 tC
        // × 44/12 = 4,324.377618 tCO2 (exact: 1,179.375714 × 11 / 3 has no remainder). Feedstock emits nothing here.
        Assert.Equal(1_179.375714m, balance[CombustionCarbonTc]);
        Assert.Equal(4_324.377618m, balance.Scope1Tco2e);

        // Location: 20,000,000 kWh × 0.5306 (2023 national) = 10,612 t.
        // Market: (20,000,000 − 8,000,000) × 0.6096 (2023 residual) = 7,315.2 t; green power counts as zero.
        Assert.Equal(10_612m, balance.Scope2LocationTco2);
        Assert.Equal(7_315.2m, balance.Scope2MarketTco2);
        Assert.Equal(14_936.377618m, balance.GrossTco2e);
        Assert.Equal(11_639.577618m, balance.NetTco2e);

        // Energy intensity uses controlled energy: 3,903.4 / 50,000 = 0.078068; carbon intensity 14,936.377618 / 50,000.
        Assert.Equal(0.078068m, balance.EnergyIntensity);
        Assert.Equal(0.29872755236m, balance.CarbonIntensity);

        // tCO2 per tce = (4,324.377618 + 7,315.2) / 8,529.5 = 1.364626; clean share = 983.2 / 8,529.5 = 0.115271.
        Assert.Equal(1.364626m, Math.Round(balance.CarbonPerEnergy!.Value, 6));
        Assert.Equal(0.115271m, Math.Round(balance.CleanEnergyShare!.Value, 6));
    }

    [Fact]
    public void Enterprise_with_purchased_heat_biomass_process_co2_and_ccus()
    {
        var report = new MonthlyReport
        {
            Year = 2021,
            Month = 11,
            Fuels =
            [
                new FuelConsumption("bituminous_coal", new Quantity(500m, Unit.Tonne)),
                new FuelConsumption("biomass_solid", new Quantity(2_000m, Unit.Tonne), FuelUse.Biomass),
            ],
            GridElectricity = new Quantity(1_000_000m, Unit.KilowattHour),
            OnSiteRenewableElectricity = new Quantity(200_000m, Unit.KilowattHour),
            PurchasedHeat = new Quantity(30_000_000m, Unit.Megajoule),
            ProcessCo2 = new Quantity(120m, Unit.TonneCo2),
            CcusRemovals = new Quantity(50m, Unit.TonneCo2),
            ValueAdded = new Quantity(8_000m, Unit.TenThousandYuan),
        };

        var balance = BalanceCalculator.Compute(report, Shipped.Catalog, new BalanceOptions { RenewableBaselineTce = 10m });

        Assert.Equal("CN-2021.1", balance.FactorSetId);

        // Heat 30,000 GJ × 0.03412 kgce/MJ (= tce/GJ) = 1,023.6 tce, × 0.11 tCO2/GJ = 3,300 tCO2 (scope 2).
        Assert.Equal(1_023.6m, balance[HeatTce]);
        Assert.Equal(3_300m, balance[HeatTco2]);

        // Biomass 2,000 t × 0.5323 = 1,064.6 tce (clean); carbon 2,000 × 15.6 × 30.5 / 1000 × 1.00 = 951.6 tC
        // → 3,489.2 tCO2 reported apart, not in scope 1.
        Assert.Equal(1_064.6m, balance[BiomassTce]);
        Assert.Equal(3_489.2m, balance.BiomassTco2);

        // Bituminous coal 500 t × 0.7917 = 395.85 tce; carbon 500 × 23.204 × 26.18 / 1000 × 0.93 = 282.4785348 tC
        // → 1,035.754628 tCO2. Scope 1 = that + 120 process = 1,155.754628.
        Assert.Equal(395.85m, balance[FuelCombustionTce]);
        Assert.Equal(282.4785348m, balance[CombustionCarbonTc]);
        Assert.Equal(1_155.754628m, Math.Round(balance.Scope1Tco2e, 6));

        // Electricity: grid 1,000,000 kWh → 122.9 tce; on site 200,000 kWh → 24.58 tce.
        // Energy = 1,023.6 + 1,064.6 + 395.85 + 122.9 + 24.58 = 2,631.53 tce.
        // Renewable deduction = growth over the baseline: 24.58 − 10 = 14.58 tce. Controlled = 2,616.95 tce.
        Assert.Equal(2_631.53m, balance.EnergyTce);
        Assert.Equal(14.58m, balance.RenewableDeductionTce);
        Assert.Equal(2_616.95m, balance.ControlledEnergyTce);

        // Equal value: 1,200,000 kWh × 0.3025 (2021) = 363 tce → 1,023.6 + 1,064.6 + 395.85 + 363 = 2,847.05 tce.
        Assert.Equal(2_847.05m, balance.EqualValueEnergyTce);

        // Scope 2: grid 1,000,000 × 0.5568 = 556.8 t, + heat 3,300 = 3,856.8 t; 2021 has no residual factor,
        // so market-based equals location-based (the set documents the national average as residual).
        Assert.Equal(3_856.8m, balance.Scope2LocationTco2);
        Assert.Equal(3_856.8m, balance.Scope2MarketTco2);

        // Gross = 1,155.754628 + 3,856.8 = 5,012.554628; net = 1,155.754628 + 3,856.8 − 50 = 4,962.554628.
        Assert.Equal(5_012.554628m, Math.Round(balance.GrossTco2e, 6));
        Assert.Equal(4_962.554628m, Math.Round(balance.NetTco2e, 6));
        Assert.Equal(50m, balance.RemovalsTco2);

        // Clean share = (1,064.6 biomass + 24.58 on-site renewables) / 2,631.53 = 0.413896.
        Assert.Equal(0.413896m, Math.Round(balance.CleanEnergyShare!.Value, 6));

        // Energy intensity 2,616.95 / 8,000 = 0.32711875 (exact).
        Assert.Equal(0.32711875m, balance.EnergyIntensity);
    }
}
