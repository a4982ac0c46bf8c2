using System.Text.Json.Serialization;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Reports;

namespace CarbonRegistry.Grains.Ledger;

// The ledger's own records of what events carry. They are not the API's input types: a name here
// is pinned ([JsonPropertyName]) and an enum is its member's name as a string, so renaming an API
// property or an enum member cannot change what an old event means. Each record converts from and
// to the type the rules use. Changing a record is changing the ledger format (LedgerEvent.FormatVersion).

/// <summary>An amount and its unit symbol.</summary>
public sealed record LedgerQuantity(
    [property: JsonPropertyName("value")] decimal Value,
    [property: JsonPropertyName("unit")] string Unit)
{
    /// <summary>The record of <paramref name="input"/> (null stays null).</summary>
    public static LedgerQuantity? From(QuantityInput? input) => input is null ? null : new(input.Value, input.Unit);

    /// <summary>The quantity as the rules take it.</summary>
    public QuantityInput ToInput() => new(Value, Unit);
}

/// <summary>One fuel line: carrier code, amount, and use (<c>Combustion</c>, <c>Feedstock</c> or <c>Biomass</c>).</summary>
public sealed record LedgerFuel(
    [property: JsonPropertyName("carrier")] string Carrier,
    [property: JsonPropertyName("quantity")] LedgerQuantity Quantity,
    [property: JsonPropertyName("use")] string Use)
{
    /// <summary>The record of <paramref name="line"/>.</summary>
    public static LedgerFuel From(FuelLine line) => new(line.Carrier, LedgerQuantity.From(line.Quantity)!, line.Use.ToString());

    /// <summary>The line as the rules take it.</summary>
    public FuelLine ToLine() => new(Carrier, Quantity.ToInput(), LedgerNames.Parse<FuelUse>(Use, "use"));
}

/// <summary>One main product: code and output.</summary>
public sealed record LedgerProductLine(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("quantity")] LedgerQuantity Quantity)
{
    /// <summary>The record of <paramref name="line"/>.</summary>
    public static LedgerProductLine From(ProductLine line) => new(line.Code, LedgerQuantity.From(line.Quantity)!);

    /// <summary>The line as the rules take it.</summary>
    public ProductLine ToLine() => new(Code, Quantity.ToInput());
}

/// <summary>Coal-mine methane volumes.</summary>
public sealed record LedgerMethane(
    [property: JsonPropertyName("drained")] LedgerQuantity Drained,
    [property: JsonPropertyName("vented")] LedgerQuantity Vented,
    [property: JsonPropertyName("flared")] LedgerQuantity Flared,
    [property: JsonPropertyName("utilised")] LedgerQuantity Utilised)
{
    /// <summary>The record of <paramref name="input"/> (null stays null).</summary>
    public static LedgerMethane? From(MethaneInput? input) => input is null
        ? null
        : new(LedgerQuantity.From(input.Drained)!, LedgerQuantity.From(input.Vented)!, LedgerQuantity.From(input.Flared)!, LedgerQuantity.From(input.Utilised)!);

    /// <summary>The volumes as the rules take them.</summary>
    public MethaneInput ToInput() => new(Drained.ToInput(), Vented.ToInput(), Flared.ToInput(), Utilised.ToInput());
}

/// <summary>What a body reported for a month, in the order and with the names of the first format.</summary>
public sealed record LedgerReport
{
    /// <summary>Fuel lines.</summary>
    [JsonPropertyName("fuels")] public IReadOnlyList<LedgerFuel> Fuels { get; init; } = [];

    /// <summary>All purchased grid electricity.</summary>
    [JsonPropertyName("gridElectricity")] public LedgerQuantity? GridElectricity { get; init; }

    /// <summary>Green-certified part of grid electricity.</summary>
    [JsonPropertyName("greenCertifiedElectricity")] public LedgerQuantity? GreenCertifiedElectricity { get; init; }

    /// <summary>Renewable electricity generated and used on site.</summary>
    [JsonPropertyName("onSiteRenewableElectricity")] public LedgerQuantity? OnSiteRenewableElectricity { get; init; }

    /// <summary>Purchased heat.</summary>
    [JsonPropertyName("purchasedHeat")] public LedgerQuantity? PurchasedHeat { get; init; }

    /// <summary>Coal-mine methane.</summary>
    [JsonPropertyName("methane")] public LedgerMethane? Methane { get; init; }

    /// <summary>Process CO2.</summary>
    [JsonPropertyName("processCo2")] public LedgerQuantity? ProcessCo2 { get; init; }

    /// <summary>Verified sink removals.</summary>
    [JsonPropertyName("sinkRemovals")] public LedgerQuantity? SinkRemovals { get; init; }

    /// <summary>CCUS removals.</summary>
    [JsonPropertyName("ccusRemovals")] public LedgerQuantity? CcusRemovals { get; init; }

    /// <summary>Value added, 10^4 yuan.</summary>
    [JsonPropertyName("valueAdded")] public LedgerQuantity? ValueAdded { get; init; }

    /// <summary>Raw coal produced (absent in reports written before production was reported).</summary>
    [JsonPropertyName("rawCoalOutput")] public LedgerQuantity? RawCoalOutput { get; init; }

    /// <summary>Main products; absent when none (and in reports written before products were reported).</summary>
    [JsonPropertyName("products")] public IReadOnlyList<LedgerProductLine>? Products { get; init; }

    /// <summary>The record of <paramref name="data"/>.</summary>
    public static LedgerReport From(ReportData data) => new()
    {
        Fuels = [.. (data.Fuels ?? []).Select(LedgerFuel.From)],
        GridElectricity = LedgerQuantity.From(data.GridElectricity),
        GreenCertifiedElectricity = LedgerQuantity.From(data.GreenCertifiedElectricity),
        OnSiteRenewableElectricity = LedgerQuantity.From(data.OnSiteRenewableElectricity),
        PurchasedHeat = LedgerQuantity.From(data.PurchasedHeat),
        Methane = LedgerMethane.From(data.Methane),
        ProcessCo2 = LedgerQuantity.From(data.ProcessCo2),
        SinkRemovals = LedgerQuantity.From(data.SinkRemovals),
        CcusRemovals = LedgerQuantity.From(data.CcusRemovals),
        ValueAdded = LedgerQuantity.From(data.ValueAdded),
        RawCoalOutput = LedgerQuantity.From(data.RawCoalOutput),
        Products = data.Products is { Count: > 0 } products ? [.. products.Select(LedgerProductLine.From)] : null,
    };

    /// <summary>The report as the rules take it.</summary>
    public ReportData ToData() => new()
    {
        Fuels = [.. Fuels.Select(f => f.ToLine())],
        GridElectricity = GridElectricity?.ToInput(),
        GreenCertifiedElectricity = GreenCertifiedElectricity?.ToInput(),
        OnSiteRenewableElectricity = OnSiteRenewableElectricity?.ToInput(),
        PurchasedHeat = PurchasedHeat?.ToInput(),
        Methane = Methane?.ToInput(),
        ProcessCo2 = ProcessCo2?.ToInput(),
        SinkRemovals = SinkRemovals?.ToInput(),
        CcusRemovals = CcusRemovals?.ToInput(),
        ValueAdded = ValueAdded?.ToInput(),
        RawCoalOutput = RawCoalOutput?.ToInput(),
        Products = Products is { } products ? [.. products.Select(p => p.ToLine())] : [],
    };
}

/// <summary>A registration: kind and pilot programmes by their names.</summary>
public sealed record LedgerRegistration
{
    /// <summary>Entity id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>Province, City, Zone, Park, Mine or Enterprise.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>English name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    [JsonPropertyName("nameZh")] public required string NameZh { get; init; }

    /// <summary>Parent id; null only for a province.</summary>
    [JsonPropertyName("parentId")] public string? ParentId { get; init; }

    /// <summary>Pilot programmes.</summary>
    [JsonPropertyName("pilots")] public IReadOnlyList<string> Pilots { get; init; } = [];

    /// <summary>Base year of its targets.</summary>
    [JsonPropertyName("baseYear")] public int BaseYear { get; init; } = 2020;

    /// <summary>Grid factor region.</summary>
    [JsonPropertyName("gridRegion")] public string GridRegion { get; init; } = "national";

    /// <summary>The record of <paramref name="registration"/>.</summary>
    public static LedgerRegistration From(EntityRegistration registration) => new()
    {
        Id = registration.Id,
        Kind = registration.Kind.ToString(),
        Name = registration.Name,
        NameZh = registration.NameZh,
        ParentId = registration.ParentId,
        Pilots = [.. registration.Pilots.Select(p => p.ToString())],
        BaseYear = registration.BaseYear,
        GridRegion = registration.GridRegion,
    };

    /// <summary>The registration as the rules take it.</summary>
    public EntityRegistration ToRegistration() => new()
    {
        Id = Id,
        Kind = LedgerNames.Parse<EntityKind>(Kind, "kind"),
        Name = Name,
        NameZh = NameZh,
        ParentId = ParentId,
        Pilots = [.. Pilots.Select(p => LedgerNames.Parse<PilotProgram>(p, "pilots"))],
        BaseYear = BaseYear,
        GridRegion = GridRegion,
    };
}

/// <summary>An intensity target.</summary>
public sealed record LedgerIntensityTarget(
    [property: JsonPropertyName("baseYear")] int BaseYear,
    [property: JsonPropertyName("baseIntensity")] decimal BaseIntensity,
    [property: JsonPropertyName("reduction")] decimal Reduction,
    [property: JsonPropertyName("incentiveReduction")] decimal? IncentiveReduction = null)
{
    /// <summary>The record of <paramref name="input"/> (null stays null); no incentive target is written as none, as before it existed.</summary>
    public static LedgerIntensityTarget? From(IntensityTargetInput? input) => input is null ? null : new(input.BaseYear, input.BaseIntensity, input.Reduction, input.IncentiveReduction);

    /// <summary>The target as the rules take it.</summary>
    public IntensityTargetInput ToInput() => new(BaseYear, BaseIntensity, Reduction, IncentiveReduction);
}

/// <summary>A year's dual-control targets.</summary>
public sealed record LedgerTargets
{
    /// <summary>Year.</summary>
    [JsonPropertyName("year")] public required int Year { get; init; }

    /// <summary>Energy cap, tce.</summary>
    [JsonPropertyName("energyCapTce")] public decimal? EnergyCapTce { get; init; }

    /// <summary>Energy intensity target.</summary>
    [JsonPropertyName("energyIntensity")] public LedgerIntensityTarget? EnergyIntensity { get; init; }

    /// <summary>Carbon cap, tCO2e.</summary>
    [JsonPropertyName("carbonCapTco2e")] public decimal? CarbonCapTco2e { get; init; }

    /// <summary>Carbon intensity target.</summary>
    [JsonPropertyName("carbonIntensity")] public LedgerIntensityTarget? CarbonIntensity { get; init; }

    /// <summary>The record of <paramref name="input"/>.</summary>
    public static LedgerTargets From(TargetsInput input) => new()
    {
        Year = input.Year,
        EnergyCapTce = input.EnergyCapTce,
        EnergyIntensity = LedgerIntensityTarget.From(input.EnergyIntensity),
        CarbonCapTco2e = input.CarbonCapTco2e,
        CarbonIntensity = LedgerIntensityTarget.From(input.CarbonIntensity),
    };

    /// <summary>The targets as the rules take them.</summary>
    public TargetsInput ToInput() => new()
    {
        Year = Year,
        EnergyCapTce = EnergyCapTce,
        EnergyIntensity = EnergyIntensity?.ToInput(),
        CarbonCapTco2e = CarbonCapTco2e,
        CarbonIntensity = CarbonIntensity?.ToInput(),
    };
}

/// <summary>A review flag raised when a report was accepted.</summary>
public sealed record LedgerWarning(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("field")] string? Field)
{
    /// <summary>The record of <paramref name="warning"/>.</summary>
    public static LedgerWarning From(ValidationWarning warning) => new(warning.Code, warning.Message, warning.Field);

    /// <summary>The warning as the API serves it.</summary>
    public ValidationWarning ToWarning() => new(Code, Message, Field);
}

/// <summary>Enum members by name, exactly: a name the build does not know fails the replay loudly.</summary>
internal static class LedgerNames
{
    public static T Parse<T>(string name, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(name, ignoreCase: false, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(name[0]) && name[0] != '-'
            ? value
            : throw new InvalidOperationException($"Ledger value '{name}' of '{field}' is not a {typeof(T).Name} this build knows.");
}
