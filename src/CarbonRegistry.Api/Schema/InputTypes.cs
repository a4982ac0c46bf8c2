using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

public sealed class QuantityInputType : InputObjectGraphType<QuantityInput>
{
    public QuantityInputType()
    {
        Name = "QuantityInput";
        Description = "An amount and its unit: t, kg, 10^4 t, m3, 10^4 m3, kWh, MWh, 10^4 kWh, GJ, MJ, tce, kgce, tCO2, tCO2e, 10^4 yuan, or an alias of one (万千瓦时, 吨, 万元, …; Query.units), stored as the symbol.";
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("The amount.");
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Its unit symbol or an alias of it (Query.units).");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new QuantityInput((decimal)value["value"]!, UnitCatalog.Canonical((string)value["unit"]!));
}

public sealed class FuelInputType : InputObjectGraphType<FuelLine>
{
    public FuelInputType()
    {
        Name = "FuelInput";
        Field<NonNullGraphType<StringGraphType>>("carrier").Description("Carrier code of the factor set, e.g. raw_coal, natural_gas.");
        Field<NonNullGraphType<DecimalGraphType>>("quantity").Description("The amount.");
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Its unit symbol or an alias of it (Query.units).");
        Field<FuelUseType>("use").Description("COMBUSTION (default), FEEDSTOCK or BIOMASS.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new FuelLine(
        (string)value["carrier"]!,
        new QuantityInput((decimal)value["quantity"]!, UnitCatalog.Canonical((string)value["unit"]!)),
        value.TryGetValue("use", out var use) && use is FuelUse fuelUse ? fuelUse : FuelUse.Combustion);
}

public sealed class MethaneInputType : InputObjectGraphType<MethaneInput>
{
    public MethaneInputType()
    {
        Name = "MethaneInput";
        Description = "Coal-mine methane as volumes of CH4.";
        Field<NonNullGraphType<QuantityInputType>>("drained").Description("Methane drained.");
        Field<NonNullGraphType<QuantityInputType>>("vented").Description("Methane vented.");
        Field<NonNullGraphType<QuantityInputType>>("flared").Description("Methane flared.");
        Field<NonNullGraphType<QuantityInputType>>("utilised").Description("Methane utilised.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new MethaneInput(
        (QuantityInput)value["drained"]!, (QuantityInput)value["vented"]!, (QuantityInput)value["flared"]!, (QuantityInput)value["utilised"]!);
}

/// <summary>The figures of a monthly report, shared by ReportInput and AmendReportInput.</summary>
internal static class ReportFields
{
    public static void Add<T>(InputObjectGraphType<T> type)
    {
        type.Field<ListGraphType<NonNullGraphType<FuelInputType>>>("fuels").Description("Fuel lines: carrier, quantity and unit, and use (combustion, feedstock or biomass).");
        type.Field<QuantityInputType>("gridElectricity").Description("All purchased grid electricity, including the green-certified part.");
        type.Field<QuantityInputType>("greenCertifiedElectricity").Description("The part of gridElectricity backed by green certificates (1 GEC = 1 MWh).");
        type.Field<QuantityInputType>("onSiteRenewableElectricity").Description("Renewable electricity generated and used on site.");
        type.Field<QuantityInputType>("purchasedHeat").Description("Purchased heat (GJ, MJ).");
        type.Field<MethaneInputType>("methane").Description("Coal-mine methane volumes: drained, vented, flared and utilised (m3 of CH4).");
        type.Field<QuantityInputType>("processCo2").Description("Process CO2, e.g. from carbonate decomposition (tCO2).");
        type.Field<QuantityInputType>("sinkRemovals").Description("Verified removals by carbon sinks (tCO2).");
        type.Field<QuantityInputType>("ccusRemovals").Description("CO2 captured and stored or used, CCUS (tCO2).");
        type.Field<QuantityInputType>("valueAdded").Description("Value added at comparable prices (10^4 yuan).");
        type.Field<QuantityInputType>("rawCoalOutput").Description("Raw coal produced (mines), t: the denominator of the per-tonne indicators.");
        type.Field<ListGraphType<NonNullGraphType<ProductInputType>>>("products").Description("Main products (enterprises and parks), each once: the denominators of CO2 per unit of product.");
    }

    public static ReportData Data(IDictionary<string, object?> value) => new()
    {
        Fuels = value.TryGetValue("fuels", out var fuels) && fuels is IEnumerable<object?> list ? [.. list.Cast<FuelLine>()] : [],
        GridElectricity = Quantity(value, "gridElectricity"),
        GreenCertifiedElectricity = Quantity(value, "greenCertifiedElectricity"),
        OnSiteRenewableElectricity = Quantity(value, "onSiteRenewableElectricity"),
        PurchasedHeat = Quantity(value, "purchasedHeat"),
        Methane = value.TryGetValue("methane", out var methane) ? methane as MethaneInput : null,
        ProcessCo2 = Quantity(value, "processCo2"),
        SinkRemovals = Quantity(value, "sinkRemovals"),
        CcusRemovals = Quantity(value, "ccusRemovals"),
        ValueAdded = Quantity(value, "valueAdded"),
        RawCoalOutput = Quantity(value, "rawCoalOutput"),
        Products = value.TryGetValue("products", out var products) && products is IEnumerable<object?> lines ? [.. lines.Cast<ProductLine>()] : [],
    };

    private static QuantityInput? Quantity(IDictionary<string, object?> value, string name) =>
        value.TryGetValue(name, out var quantity) ? quantity as QuantityInput : null;
}

/// <summary>A submission as the API receives it.</summary>
public sealed record ReportRequest(string EntityId, SubmitReport Report);

public sealed class ReportInputType : InputObjectGraphType<ReportRequest>
{
    public ReportInputType()
    {
        Name = "ReportInput";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.");
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.");
        Field<NonNullGraphType<IntGraphType>>("month").Description("The month, 1 to 12.");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey").Description("Chosen by the client; a retry with the same key and content returns the first result.");
        ReportFields.Add(this);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new ReportRequest(
        (string)value["entityId"]!,
        new SubmitReport { Year = (int)value["year"]!, Month = (int)value["month"]!, IdempotencyKey = (string)value["idempotencyKey"]!, Data = ReportFields.Data(value) });
}

/// <summary>An amendment as the API receives it.</summary>
public sealed record AmendRequest(string EntityId, AmendReport Amendment);

public sealed class AmendReportInputType : InputObjectGraphType<AmendRequest>
{
    public AmendReportInputType()
    {
        Name = "AmendReportInput";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.");
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.");
        Field<NonNullGraphType<IntGraphType>>("month").Description("The month, 1 to 12.");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey").Description("The client's key: a retry with the same key and content returns the first result.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why the report is amended; required, kept in the audit trail.");
        ReportFields.Add(this);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new AmendRequest(
        (string)value["entityId"]!,
        new AmendReport { Year = (int)value["year"]!, Month = (int)value["month"]!, IdempotencyKey = (string)value["idempotencyKey"]!, Reason = (string)value["reason"]!, Data = ReportFields.Data(value) });
}

public sealed class RegisterEntityInputType : InputObjectGraphType<EntityRegistration>
{
    public RegisterEntityInputType()
    {
        Name = "RegisterEntityInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description($"Stable id, matching {EntityIds.Pattern}.");
        Field<NonNullGraphType<EntityKindType>>("kind").Description("Province, city, zone, park, mine or enterprise.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.");
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.");
        Field<IdGraphType>("parentId").Description("The parent; null only for a province.");
        Field<ListGraphType<NonNullGraphType<PilotProgramType>>>("pilotPrograms").Description("The pilot programmes it belongs to.");
        Field<IntGraphType>("baseYear").Description("The base year of its targets (2020 by default).");
        Field<StringGraphType>("gridRegion").Description("national (default), north_china or shanxi.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new EntityRegistration
    {
        Id = (string)value["id"]!,
        Kind = (EntityKind)value["kind"]!,
        Name = (string)value["name"]!,
        NameZh = (string)value["nameZh"]!,
        ParentId = value.TryGetValue("parentId", out var parent) ? parent as string : null,
        Pilots = value.TryGetValue("pilotPrograms", out var pilots) && pilots is IEnumerable<object?> list ? [.. list.Cast<PilotProgram>()] : [],
        BaseYear = value.TryGetValue("baseYear", out var baseYear) && baseYear is int year ? year : 2020,
        GridRegion = value.TryGetValue("gridRegion", out var region) && region is string r ? r : "national",
    };
}

public sealed class IntensityTargetInputType : InputObjectGraphType<IntensityTargetInput>
{
    public IntensityTargetInputType()
    {
        Name = "IntensityTargetInput";
        Field<NonNullGraphType<IntGraphType>>("baseYear").Description("The base year.");
        Field<NonNullGraphType<DecimalGraphType>>("baseIntensity").Description("The base year's intensity per 10^4 yuan.");
        Field<NonNullGraphType<DecimalGraphType>>("reduction").Description("Fraction, e.g. 0.03 for 3%: the basic (binding) target.");
        Field<DecimalGraphType>("incentiveReduction").Description("The higher incentive target's fraction, at least the basic one (发改环资〔2021〕1310号); meeting it exempts the region from the energy-total indicator of the energy-saving assessment.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new IntensityTargetInput((int)value["baseYear"]!, (decimal)value["baseIntensity"]!, (decimal)value["reduction"]!, value.TryGetValue("incentiveReduction", out var incentive) ? incentive as decimal? : null);
}

/// <summary>Targets as the API receives them.</summary>
public sealed record TargetsRequest(string EntityId, TargetsInput Targets);

public sealed class TargetsInputType : InputObjectGraphType<TargetsRequest>
{
    public TargetsInputType()
    {
        Name = "TargetsInput";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.");
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.");
        TargetFields.Add(this);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new TargetsRequest((string)value["entityId"]!, TargetFields.Parse(value, (int)value["year"]!));
}

/// <summary>The four targets an annual and a five-year input share: caps on energy and emissions, and intensity reductions.</summary>
internal static class TargetFields
{
    /// <summary>
    /// Adds the four fields to <paramref name="input"/>; <paramref name="capsOf"/> says of what the
    /// caps are (" of the plan's last year"), <paramref name="intensity"/> what an intensity target is.
    /// </summary>
    public static void Add<T>(InputObjectGraphType<T> input, string capsOf = "", string intensity = "target")
    {
        input.Field<DecimalGraphType>("energyCapTce").Description($"Cap on controlled energy{capsOf}, tce.");
        input.Field<IntensityTargetInputType>("energyIntensity").Description($"Energy-intensity {intensity}.");
        input.Field<DecimalGraphType>("carbonCapTco2e").Description($"Cap on gross emissions{capsOf}, tCO2e.");
        input.Field<IntensityTargetInputType>("carbonIntensity").Description($"Carbon-intensity {intensity}.");
    }

    /// <summary>The targets of <paramref name="year"/> the four fields give.</summary>
    public static TargetsInput Parse(IDictionary<string, object?> value, int year) => new()
    {
        Year = year,
        EnergyCapTce = value.TryGetValue("energyCapTce", out var energyCap) ? energyCap as decimal? : null,
        EnergyIntensity = value.TryGetValue("energyIntensity", out var ei) ? ei as IntensityTargetInput : null,
        CarbonCapTco2e = value.TryGetValue("carbonCapTco2e", out var carbonCap) ? carbonCap as decimal? : null,
        CarbonIntensity = value.TryGetValue("carbonIntensity", out var ci) ? ci as IntensityTargetInput : null,
    };
}
