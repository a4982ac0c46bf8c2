using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Reports;

namespace CarbonRegistry.Server.Demo;

/// <summary>
/// A handful of demo two-high projects in several cities and stages, each marked "demo" in its
/// names: a proposed coking upgrade under review, a cement line refused for its efficiency, a coal
/// chemicals plant building with part of its coal substitution verified, an existing coal power
/// unit below the baseline with a rectification deadline, and a steel plant closed and exited.
/// Their figures are invented to show the workflow; none is a real project.
/// </summary>
public static class DemoProjects
{
    /// <summary>
    /// The ledger events the seeding writes: coking 4 (registration, round, two sign-offs), cement 3,
    /// coal chemicals 4 (registration, two sources, a verification) and its two sources' claims 2,
    /// power 2, steel 3.
    /// </summary>
    public const int LedgerEvents = 18;

    private static readonly Actor s_provincial = new("demo-seeder", "provincial");

    /// <summary>Registers the projects and walks each through its steps, unless the first is there already.</summary>
    public static async Task SeedAsync(IGrainFactory grains, DateOnly today)
    {
        if (await grains.GetGrain<IProjectGrain>("demo-linfen-coking").GetView() is not null)
        {
            return;
        }

        var coking = grains.GetGrain<IProjectGrain>("demo-linfen-coking");
        await coking.Register(Project("demo-linfen-coking", "linfen", "Linfen coking upgrade (demo)", "临汾焦化升级改造(演示)", "coking", "2521", 2027,
            [Fuel("washed_coal", 1_300_000m, FuelUse.Feedstock), Fuel("coke_oven_gas", 60_000_000m, FuelUse.Combustion, "m3")], 90_000_000m, ("coke", 105m)), s_provincial);
        await coking.OpenReviewRound(s_provincial);
        await coking.SignOff(new SignOffInput("development_reform", true, "Consistent with the provincial coking capacity plan (demo)."), Reviewer("development_reform"));
        await coking.SignOff(new SignOffInput("energy", true, "Unit energy use better than the benchmark (demo row)."), Reviewer("energy"));

        var cement = grains.GetGrain<IProjectGrain>("demo-taiyuan-cement");
        await cement.Register(Project("demo-taiyuan-cement", "taiyuan", "Taiyuan clinker line (demo)", "太原熟料生产线(演示)", "building_materials", "3011", 2027,
            [Fuel("bituminous_coal", 180_000m)], 60_000_000m, ("cement_clinker", 121m)), s_provincial);
        await cement.OpenReviewRound(s_provincial);
        await cement.SignOff(new SignOffInput("ecology_environment", false, "Outside the ecological zoning for new clinker capacity (demo)."), Reviewer("ecology_environment"));

        var chemicals = grains.GetGrain<IProjectGrain>("demo-changzhi-coal-chemicals");
        await chemicals.Register(Project("demo-changzhi-coal-chemicals", "changzhi-hitech-zone", "Changzhi coal-to-olefins plant (demo)", "长治煤制烯烃项目(演示)", "coal_chemicals", "2614", 2028,
            [Fuel("raw_coal", 400_000m), Fuel("raw_coal", 600_000m, FuelUse.Feedstock)], 200_000_000m, null, ProjectStage.UnderConstruction), s_provincial);
        await chemicals.AddSubstitutionSource(Source("demo-changzhi-boiler-closures", "closure", "changzhi", 650_000m, true, "Closure orders of 14 coal boilers (demo)", today.AddYears(-1)), s_provincial);
        await chemicals.AddSubstitutionSource(Source("demo-changzhi-gas-switch", "fuel_switch", "changzhi-hitech-zone", 300_000m, false, "Gas switch plan of the zone's heating plant (demo)", today.AddYears(1)), s_provincial);
        await chemicals.VerifySubstitutionSource("demo-changzhi-boiler-closures", new Actor("demo-seeder", "energy-bureau"));

        var power = grains.GetGrain<IProjectGrain>("demo-datong-power");
        await power.Register(Project("demo-datong-power", "datong", "Datong 2×350 MW coal units (demo)", "大同2×35万千瓦燃煤机组(演示)", "coal_power", "4411", 2025,
            [Fuel("raw_coal", 1_600_000m)], 0m, ("coal_power_supply", 305m), ProjectStage.Existing), s_provincial);
        await power.SetDisposal(new DisposalInput("rectify_upgrade", today.AddYears(2), [new MilestoneInput(today.AddYears(1), "Flow-path retrofit of unit 1 (demo)"), new MilestoneInput(today.AddYears(2), "Flow-path retrofit of unit 2 (demo)")]), s_provincial);

        var steel = grains.GetGrain<IProjectGrain>("demo-jinzhong-steel");
        await steel.Register(Project("demo-jinzhong-steel", "jinzhong", "Jinzhong small blast furnace (demo)", "晋中小高炉(演示)", "iron_steel", "3110", 2025,
            [Fuel("coke", 300_000m)], 40_000_000m, null, ProjectStage.Existing), s_provincial);
        await steel.SetDisposal(new DisposalInput("close_exit", today.AddYears(1), []), s_provincial);
        await steel.Transition(ProjectTransition.Close, "Backward capacity closed under the provincial plan (demo).", s_provincial);
    }

    private static Actor Reviewer(string department) => new($"demo-{department}", "reviewer");

    private static FuelLine Fuel(string carrier, decimal quantity, FuelUse use = FuelUse.Combustion, string unit = "t") => new(carrier, new QuantityInput(quantity, unit), use);

    private static SubstitutionSourceInput Source(string id, string kind, string origin, decimal tonnes, bool achieved, string evidence, DateOnly date) => new()
    {
        Id = id,
        Kind = kind,
        OriginEntityId = origin,
        Tonnes = tonnes,
        Achieved = achieved,
        Evidence = evidence,
        Date = date,
    };

    private static ProjectRegistration Project(string id, string site, string name, string nameZh, string sector, string industryCode, int startYear, IReadOnlyList<FuelLine> fuels, decimal gridKwh, (string Product, decimal Value)? unitEnergy, ProjectStage stage = ProjectStage.Proposed) => new()
    {
        Id = id,
        SiteEntityId = site,
        Name = name,
        NameZh = nameZh,
        Sector = sector,
        IndustryCode = industryCode,
        PlannedStartYear = startYear,
        AnnualUse = new ReportData { Fuels = fuels, GridElectricity = gridKwh > 0m ? new QuantityInput(gridKwh, "kWh") : null },
        UnitEnergy = unitEnergy is { } u ? new UnitEnergyUse(u.Product, u.Value) : null,
        Stage = stage,
        Documents = new ProjectDocuments { EnergyReview = $"{id}/energy-review (demo)" },
    };
}
