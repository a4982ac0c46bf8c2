using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Queries;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Reports;
using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

/// <summary>Enum values in CONSTANT_CASE, with digits kept inside words (GrossTco2e → GROSS_TCO2E).</summary>
public abstract partial class ConstantCaseEnum<T> : EnumerationGraphType<T>
    where T : struct, Enum
{
    protected override string ChangeEnumCase(string val) => WordStart().Replace(val, "_$1").ToUpperInvariant();

    [System.Text.RegularExpressions.GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial System.Text.RegularExpressions.Regex WordStart();
}

public sealed class EntityKindType : ConstantCaseEnum<EntityKind>
{
    public EntityKindType() => Name = "EntityKind";
}

public sealed class PilotProgramType : ConstantCaseEnum<PilotProgram>
{
    public PilotProgramType() => Name = "PilotProgram";
}

public sealed class RankingMetricType : ConstantCaseEnum<RankingMetric>
{
    public RankingMetricType() => Name = "RankingMetric";
}

public sealed class RatingType : ConstantCaseEnum<Rating>
{
    public RatingType() => Name = "Rating";
}

public sealed class PeriodStateType : ConstantCaseEnum<PeriodState>
{
    public PeriodStateType() => Name = "PeriodState";
}

public sealed class WarningLevelType : ConstantCaseEnum<WarningLevel>
{
    public WarningLevelType() => Name = "WarningLevel";

    /// <summary>LEVEL_1, LEVEL_2, LEVEL_3.</summary>
    protected override string ChangeEnumCase(string val) => base.ChangeEnumCase(val).Replace("LEVEL", "LEVEL_", StringComparison.Ordinal);
}

public sealed class BalanceScopeType : ConstantCaseEnum<BalanceScope>
{
    public BalanceScopeType() => Name = "BalanceScope";
}

public sealed class FuelUseType : ConstantCaseEnum<FuelUse>
{
    public FuelUseType() => Name = "FuelUse";
}

/// <summary>A registered body. Every figure below it is read through its grain.</summary>
public sealed class EntityType : ObjectGraphType<EntityRegistration>
{
    public EntityType()
    {
        Name = "Entity";
        Description = "A registered province, city, zone, park, mine or enterprise.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<EntityKindType>>("kind").Description("Province, city, zone, park, mine or enterprise.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PilotProgramType>>>>("pilotPrograms").Description("The pilot programmes it belongs to.").Resolve(c => c.Source.Pilots);
        Field<NonNullGraphType<IntGraphType>>("baseYear").Description("The base year of its targets.").Resolve(c => c.Source.BaseYear);
        Field<NonNullGraphType<StringGraphType>>("gridRegion").Description("The regional grid whose factor prices its electricity.").Resolve(c => c.Source.GridRegion);
        Field<IdGraphType>("parentId").Description("The parent; null only for a province.").Resolve(c => c.Source.ParentId);
        Field<EntityType>("parent").Description("The parent entity; null for a province or outside a reporter's scope.").ResolveAsync(async c =>
        {
            if (c.Source.ParentId is not { } parent)
            {
                return null;
            }

            // A reporter's scope ends at the entities in its token: it may not climb above them.
            await Resolvers.Caller(c).RequireReadAsync(parent);
            return (await Resolvers.Entity(c, parent).GetInfo())?.Registration;
        });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EntityType>>>>("children")
            .Description("The direct children by id; with first (≤ 500) and after (an entity cursor, see EntityEdge), a page of them.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                // Batched: a pending loader result, which the execution resolves with its siblings'.
                await Resolvers.Caller(c).RequireReadAsync(c.Source.Id);
                var (first, after) = (c.GetArgument<int?>("first"), EntityCursor.Decode(c.GetArgument<string?>("after")));
                if (first is < 1 or > 500)
                {
                    throw new ExecutionError("first is from 1 to 500.") { Code = Abstractions.Errors.RegistryErrorCode.InvalidPage };
                }

                var children = ((RegistryUserContext)c.UserContext).Children(Resolvers.Queries(c)).Load(c.Source.Id);
                return first is null && after is null
                    ? children
                    : (object)children.Then(all => (IReadOnlyList<EntityRegistration>)[.. all.Where(e => after is null || string.CompareOrdinal(e.Id, after) > 0).OrderBy(e => e.Id, StringComparer.Ordinal).Take(first ?? 500)]);
            });
        Field<NonNullGraphType<BalanceType>>("balance")
            .Description("A month's balance, or the year to date without month. Scope TOTAL (default) includes everything under the entity.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<IntGraphType>("month")
            .Argument<BalanceScopeType>("scope")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain =>
                grain.GetBalance(c.GetArgument<int>("year"), c.GetArgument<int?>("month"), c.GetArgument("scope", BalanceScope.Total))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BalanceType>>>>("monthly").Description("The twelve monthly balances of a year.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<BalanceScopeType>("scope")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetMonthly(c.GetArgument<int>("year"), c.GetArgument("scope", BalanceScope.Total))));
        Field<NonNullGraphType<DualControlStatusType>>("dualControl").Description("Progress against the dual-control targets of a year.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetDualControl(c.GetArgument<int>("year"))));
        Field<NonNullGraphType<PeriodStatusType>>("periodStatus").Description("Where a month (or the year) stands in the filing workflow.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<IntGraphType>("month")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetPeriodStatus(c.GetArgument<int>("year"), c.GetArgument<int?>("month"))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportVersionType>>>>("reportVersions")
            .Description("Every filed version of a month's report, oldest first.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("month")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetReportVersions(c.GetArgument<int>("year"), c.GetArgument<int>("month"))));
        Field<NonNullGraphType<LedgerEventConnectionType>>("history")
            .Description("The audit trail: the entity's ledger events, oldest first.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                await Resolvers.Caller(c).RequireReadAsync(c.Source.Id);
                var after = Resolvers.SequenceCursor(c.GetArgument<string?>("after"));
                return await Resolvers.Guard(() => Resolvers.Queries(c).GetHistory(c.Source.Id, c.GetArgument("first", 50), after));
            });
        ProjectFields.AddEntityFields(this);
        ZeroCarbonFields.AddEntityFields(this);
        DiscoveryFields.AddEntityFields(this);
        PlanTargetFields.AddEntityFields(this);
        ProductionFields.AddEntityFields(this);
    }
}

public sealed class BalanceType : ObjectGraphType<BalanceView>
{
    public BalanceType()
    {
        Name = "Balance";
        Description = "Energy and carbon balance of a period: full decimals, units in the field names.";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<StringGraphType>>("period").Description("yyyy-MM for a month, yyyy for a year or the year to date.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<BalanceScopeType>>("scope").Description("OWN: the entity's own reports; TOTAL: the entity and everything under it.").Resolve(c => c.Source.Scope);
        Decimal("energyTce", b => b.EnergyTce, "All energy, tce: fuels (burned, feedstock, biomass) + grid and on-site electricity (equivalent value) + heat.");
        Decimal("equalValueEnergyTce", b => b.EqualValueEnergyTce, "The same with electricity at the year's thermal-power coal rate (等价值), tce; shown beside energyTce, never instead.");
        Decimal("renewableElectricityTce", b => b.RenewableElectricityTce, "Renewable electricity consumed: green-certified grid power and on-site renewables, tce.");
        Decimal("renewableDeductionTce", b => b.RenewableDeductionTce, "Growth of renewable electricity over the same period of the previous year, tce (the 2022 rule's deduction).");
        Decimal("feedstockDeductionTce", b => b.FeedstockDeductionTce, "Fossil energy used as feedstock (原料用能), tce.");
        Decimal("controlledEnergyTce", b => b.ControlledEnergyTce, "Energy under dual control: energyTce less what the year's deduction rule set takes from the total, tce.");
        Decimal("nonFossilTce", b => b.NonFossilTce, "Non-fossil energy: renewable electricity and clean fuels (biomass), tce (the 2024 rule's deduction).");
        Decimal("intensityEnergyTce", b => b.IntensityEnergyTce, "The energy of intensity: energyTce less what the year's deduction rule set takes from intensity, tce.");
        Field<NonNullGraphType<StringGraphType>>("deductionRuleSet")
            .Description("The deduction rule set of the period's year (Query.deductionRules): what controlledEnergyTce and intensityEnergyTce leave out.")
            .Resolve(c => c.Source.DeductionRuleSetId);
        Decimal("scope1Tco2e", b => b.Scope1Tco2e, "Scope 1: combustion CO2 + process CO2 + methane (released CH4 × GWP + CO2 of flared CH4), tCO2e. Biomass CO2 is outside it.");
        Decimal("combustionCo2Tco2", b => b.CombustionCo2Tco2, "Fossil combustion CO2 (carbon × 44/12), t.");
        Decimal("processCo2Tco2", b => b.ProcessCo2Tco2, "Process CO2 (e.g. carbonate decomposition), t.");
        Decimal("methaneTco2e", b => b.MethaneTco2e, "Coal-mine methane: released CH4 × GWP plus the CO2 of flared CH4, tCO2e.");
        Decimal("biomassTco2", b => b.BiomassTco2, "Biomass combustion CO2, reported apart, outside scope 1, t.");
        Decimal("scope2LocationTco2", b => b.Scope2LocationTco2, "Scope 2, location-based: grid electricity at the grid average factor and purchased heat, tCO2.");
        Decimal("scope2MarketTco2", b => b.Scope2MarketTco2, "Scope 2, market-based: green-certified power at zero, the rest at the residual factor, and heat, tCO2.");
        Decimal("grossTco2e", b => b.GrossTco2e, "Scope 1 + location-based scope 2, tCO2e: the figure of carbon dual control and carbon intensity.");
        Decimal("removalsTco2", b => b.RemovalsTco2, "Verified removals by sinks and CCUS, tCO2.");
        Decimal("netTco2e", b => b.NetTco2e, "Scope 1 + market-based scope 2 − removals, tCO2e: the figure behind a zero-carbon claim.");
        Field<DecimalGraphType>("valueAddedWanYuan").Description("Value added at comparable prices, 10^4 yuan; null when any part of the period lacks it.").Resolve(c => c.Source.ValueAddedWanYuan);
        Field<DecimalGraphType>("energyIntensity").Description("intensityEnergyTce per 10^4 yuan of value added, tce; null without value added.").Resolve(c => c.Source.EnergyIntensity);
        Field<DecimalGraphType>("carbonIntensity").Description("grossTco2e per 10^4 yuan of value added, tCO2e; null without value added.").Resolve(c => c.Source.CarbonIntensity);
        Field<DecimalGraphType>("carbonPerEnergy").Description("(Scope 1 + market-based scope 2) per tce consumed, tCO2e/tce; null without energy.").Resolve(c => c.Source.CarbonPerEnergy);
        Field<DecimalGraphType>("cleanEnergyShare").Description("Clean energy (clean fuels such as biomass and renewable electricity) over energyTce; null without energy.").Resolve(c => c.Source.CleanEnergyShare);
        Field<DecimalGraphType>("co2OnlyPerEnergy").Description("CO2 only (no CH4) per tce consumed, tCO2/tce: the national zero-carbon park's core indicator.").Resolve(c => c.Source.Co2OnlyPerEnergy);
        Field<NonNullGraphType<DecimalGraphType>>("rawCoalOutputT").Description("Raw coal produced, t.").Resolve(c => c.Source.RawCoalOutputT);
        Field<DecimalGraphType>("co2PerTonneRawCoal").Description("Gross emissions per tonne of raw coal, tCO2e/t; null without output.").Resolve(c => c.Source.Co2PerTonneRawCoal);
        Field<DecimalGraphType>("energyPerTonneRawCoalKgce").Description("Energy per tonne of raw coal, kgce/t; null without output.").Resolve(c => c.Source.EnergyPerTonneRawCoalKgce);
        Field<DecimalGraphType>("gasUseRate").Description("Mine-gas capture-and-use rate: methane utilised over methane drained; null without drainage.").Resolve(c => c.Source.GasUseRate);
        Field<NonNullGraphType<StringGraphType>>("factorSetId").Description("The factor set used; several joined by + when a rollup mixes sets.").Resolve(c => c.Source.FactorSetId);
        Field<NonNullGraphType<IntGraphType>>("reportCount").Description("How many reports the figures add up.").Resolve(c => c.Source.ReportCount);
        Field<NonNullGraphType<LongGraphType>>("version").Description("The read-model row's version: it grows with every change of the row.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<EnergyByCarrierType>>("energyByCarrier").Description("energyTce by carrier group.").Resolve(c => c.Source.Components);
        Field<BalanceExplanationType>("explain")
            .Description("The balance explained line by line, with the factors and their sources and the reports behind it: for an entity's own balance, and a mine's or enterprise's total (the same). Null for the total of an entity with members (explain each member's), or without a report.")
            .ResolveAsync(async c =>
            {
                var view = c.Source;
                var grain = Resolvers.Entity(c, view.EntityId);
                if (view.Scope == BalanceScope.Total && await grain.GetInfo() is { } info && !EntityHierarchy.IsLeaf(info.Registration.Kind))
                {
                    return null;
                }

                var (year, month) = (int.Parse(view.Period[..4], System.Globalization.CultureInfo.InvariantCulture), view.Period.Length > 4 ? int.Parse(view.Period[5..], System.Globalization.CultureInfo.InvariantCulture) : (int?)null);
                return await Resolvers.ReadAsync(c, view.EntityId, g => g.GetExplanation(year, month));
            });
    }

    private void Decimal(string name, Func<BalanceView, decimal> value, string description) =>
        Field<NonNullGraphType<DecimalGraphType>>(name).Description(description).Resolve(c => value(c.Source));
}

public sealed class EnergyByCarrierType : ObjectGraphType<BalanceComponents>
{
    public EnergyByCarrierType()
    {
        Name = "EnergyByCarrier";
        Description = "Energy by carrier group, tce. fuelCombustion + feedstock + biomass + gridElectricity + onSiteRenewable + heat = energyTce; cleanFuel is part of fuelCombustion and greenCertifiedElectricity part of gridElectricity.";

        // One field per carrier group of the component list, each group followed by its parts.
        foreach (var carrier in BalanceComponentList.EnergyCarriers)
        {
            Field<NonNullGraphType<DecimalGraphType>>(BalanceComponentList.FieldName(carrier)).Description(Describe(carrier)).Resolve(c => c.Source[carrier]);
        }
    }

    private static string Describe(BalanceComponent carrier) => carrier switch
    {
        BalanceComponent.FuelCombustionTce => "Fuels burned (fossil and clean), tce.",
        BalanceComponent.CleanFuelTce => "Of which fuels flagged clean in the factor set, tce.",
        BalanceComponent.FeedstockTce => "Fuels used as feedstock (原料用能), tce.",
        BalanceComponent.BiomassTce => "Biomass burned, tce.",
        BalanceComponent.GridElectricityTce => "Grid electricity at the equivalent value, tce.",
        BalanceComponent.GreenCertifiedElectricityTce => "Of which backed by green certificates, tce.",
        BalanceComponent.OnSiteRenewableTce => "Renewable electricity generated and used on site, tce.",
        BalanceComponent.HeatTce => "Purchased heat, tce.",
        _ => $"{carrier}, tce.",
    };
}

public sealed class CapProgressType : ObjectGraphType<CapProgressView>
{
    public CapProgressType()
    {
        Name = "CapProgress";
        Field<NonNullGraphType<DecimalGraphType>>("cap").Description("The full-year cap.").Resolve(c => c.Source.Cap);
        Field<NonNullGraphType<DecimalGraphType>>("actual").Description("The year to date.").Resolve(c => c.Source.Actual);
        Field<NonNullGraphType<DecimalGraphType>>("expected").Description("The time-proportional path: cap × months reported / 12.").Resolve(c => c.Source.Expected);
        Field<NonNullGraphType<DecimalGraphType>>("shareOfCap").Description("Actual over the cap.").Resolve(c => c.Source.ShareOfCap);
        Field<DecimalGraphType>("shareOfExpected").Description("Actual over the path; null before any month is reported.").Resolve(c => c.Source.ShareOfExpected);
        Field<NonNullGraphType<RatingType>>("rating").Description("The grade against the path.").Resolve(c => c.Source.Rating);
    }
}

public sealed class IntensityProgressType : ObjectGraphType<IntensityProgressView>
{
    public IntensityProgressType()
    {
        Name = "IntensityProgress";
        Field<NonNullGraphType<IntGraphType>>("baseYear").Description("The base year.").Resolve(c => c.Source.BaseYear);
        Field<NonNullGraphType<DecimalGraphType>>("baseIntensity").Description("The base year's intensity.").Resolve(c => c.Source.BaseIntensity);
        Field<NonNullGraphType<DecimalGraphType>>("targetIntensity").Description("The intensity to reach: base × (1 − reduction).").Resolve(c => c.Source.TargetIntensity);
        Field<DecimalGraphType>("actual").Description("The year to date; null without value added.").Resolve(c => c.Source.Actual);
        Field<DecimalGraphType>("achievedReduction").Description("1 − actual / base.").Resolve(c => c.Source.AchievedReduction);
        Field<RatingType>("rating").Description("The grade against the base and target.").Resolve(c => c.Source.Rating);
        Field<DecimalGraphType>("incentiveTargetIntensity").Description("The incentive target's intensity, or null without one.").Resolve(c => c.Source.IncentiveTargetIntensity);
        Field<BooleanGraphType>("meetsIncentive").Description("Whether the incentive target is met; null without one or without value added.").Resolve(c => c.Source.MeetsIncentive);
    }
}

public sealed class DualControlStatusType : ObjectGraphType<DualControlView>
{
    public DualControlStatusType()
    {
        Name = "DualControlStatus";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<IntGraphType>>("monthsReported").Description("Months of the year reported (the path is months / 12 of the cap).").Resolve(c => c.Source.MonthsReported);
        Field<CapProgressType>("energyTotal").Description("Controlled energy against its cap; null without a cap.").Resolve(c => c.Source.EnergyTotal);
        Field<IntensityProgressType>("energyIntensity").Description("Energy intensity against its target; null without one.").Resolve(c => c.Source.EnergyIntensity);
        Field<CapProgressType>("carbonTotal").Description("Gross emissions against their cap; null without a cap.").Resolve(c => c.Source.CarbonTotal);
        Field<IntensityProgressType>("carbonIntensity").Description("Carbon intensity against its target; null without one.").Resolve(c => c.Source.CarbonIntensity);
        Field<RatingType>("energyRating").Description("The worst energy grade.").Resolve(c => c.Source.EnergyRating);
        Field<RatingType>("carbonRating").Description("The worst carbon grade.").Resolve(c => c.Source.CarbonRating);
        Field<PlanTargetsType>("plan").Description("The five-year targets of the plan the year is in, if set.").Resolve(c => c.Source.Plan);
        Field<WarningLevelType>("warningLevel")
            .Description("Early warning of the year to date (发改办环资〔2021〕629号): LEVEL_1 when energy intensity rose above the base year (two-high approvals in the region are frozen, major national projects exempt), LEVEL_2 when behind progress, LEVEL_3 on track; null without an energy target.")
            .Resolve(c => c.Source.WarningLevel);
    }
}

public sealed class PeriodStatusType : ObjectGraphType<PeriodStatusView>
{
    public PeriodStatusType()
    {
        Name = "PeriodStatus";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Year);
        Field<IntGraphType>("month").Description("The month, 1 to 12.").Resolve(c => c.Source.Month);
        Field<NonNullGraphType<PeriodStateType>>("state").Description("Open, verified or locked.").Resolve(c => c.Source.State);
    }
}

public sealed class WarningType : ObjectGraphType<ValidationWarning>
{
    public WarningType()
    {
        Name = "ValidationWarning";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code, e.g. UNUSUAL_VALUE.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Description("What happened, for people.").Resolve(c => c.Source.Message);
        Field<StringGraphType>("field").Description("The input field concerned, if any.").Resolve(c => c.Source.Field);
    }
}

public sealed class ReportResultType : ObjectGraphType<ReportResult>
{
    public ReportResultType()
    {
        Name = "ReportResult";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<IntGraphType>>("month").Description("The month, 1 to 12.").Resolve(c => c.Source.Month);
        Field<NonNullGraphType<IntGraphType>>("reportVersion").Description("The month's report version (1 for a first report).").Resolve(c => c.Source.ReportVersion);
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("The event's ledger sequence.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<BalanceType>>("balance").Description("The month's own balance.").Resolve(c => c.Source.Balance);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WarningType>>>>("warnings").Description("Review flags raised on the accepted report.").Resolve(c => c.Source.Warnings);
        Field<NonNullGraphType<BooleanGraphType>>("replayed").Description("True when an earlier identical request (same idempotency key) is answered again.").Resolve(c => c.Source.Replayed);
    }
}

public sealed class ReportVersionType : ObjectGraphType<ReportVersion>
{
    public ReportVersionType()
    {
        Name = "ReportVersion";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version, 1 for the first report.").Resolve(c => c.Source.Version);
        Field<StringGraphType>("reason").Description("An amendment's reason.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("The ledger sequence.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Actor.ToString());
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(c => c.Source.RecordedAt);
        Field<NonNullGraphType<StringGraphType>>("data").Description("The report as filed, as JSON.").Resolve(c => System.Text.Json.JsonSerializer.Serialize(c.Source.Data, Resolvers.Json));
    }
}

public sealed class LedgerEventType : ObjectGraphType<LedgerEventView>
{
    public LedgerEventType()
    {
        Name = "LedgerEvent";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("The ledger sequence.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The stream: an entity id, or project:, source:, programme:, assessment:, budget: and its key.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<LongGraphType>>("version").Description("The event's version in its stream.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<LedgerEventTypeType>>("type").Description("The event's type.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("payload").Description("The event as JSON.").Resolve(c => c.Source.Payload);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(c => c.Source.RecordedAt);
        Field<StringGraphType>("idempotencyKey").Description("The request's idempotency key, if any.").Resolve(c => c.Source.IdempotencyKey);
    }
}

public sealed class PageInfoType : ObjectGraphType<(bool HasNextPage, string? EndCursor)>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("Whether more items follow.").Resolve(c => c.Source.HasNextPage);
        Field<StringGraphType>("endCursor").Description("The cursor of the last item, to pass as after.").Resolve(c => c.Source.EndCursor);
    }
}

/// <summary>A page of entities and the filter it was listed with (for totalCount).</summary>
public sealed record EntityPage(Page<EntityRegistration> Page, EntityFilter Filter);

public sealed class EntityEdgeType : ObjectGraphType<EntityRegistration>
{
    public EntityEdgeType()
    {
        Name = "EntityEdge";
        Description = "An entity of a page and the cursor that continues after it.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as after to continue after this item.").Resolve(c => EntityCursor.Encode(c.Source.Id));
        Field<NonNullGraphType<EntityType>>("node").Description("The item.").Resolve(c => c.Source);
    }
}

public sealed class EntityConnectionType : ObjectGraphType<EntityPage>
{
    public EntityConnectionType()
    {
        Name = "EntityConnection";
        Description = "A page of entities (Relay connection: edges with cursors, or nodes alone).";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EntityType>>>>("nodes").Description("The items of the page.").Resolve(c => c.Source.Page.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EntityEdgeType>>>>("edges").Description("The items of the page, each with its cursor.").Resolve(c => c.Source.Page.Items);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether more items follow, and the cursor to continue after.").Resolve(c => (c.Source.Page.HasNextPage, c.Source.Page.EndCursor));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many entities match the filter in all (one more query).")
            .ResolveAsync(async c => await Resolvers.Queries(c).CountEntities(c.Source.Filter));
    }
}

public sealed class LedgerEventEdgeType : ObjectGraphType<LedgerEventView>
{
    public LedgerEventEdgeType()
    {
        Name = "LedgerEventEdge";
        Description = "A ledger event of a page and the cursor that continues after it.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as after to continue after this item.").Resolve(c => Resolvers.EncodeSequence(c.Source.Sequence));
        Field<NonNullGraphType<LedgerEventType>>("node").Description("The item.").Resolve(c => c.Source);
    }
}

public sealed class LedgerEventConnectionType : ObjectGraphType<HistoryPage>
{
    public LedgerEventConnectionType()
    {
        Name = "LedgerEventConnection";
        Description = "A page of a stream's ledger events, oldest first (Relay connection: edges with cursors, or nodes alone).";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LedgerEventType>>>>("nodes").Description("The items of the page.").Resolve(c => c.Source.Events);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LedgerEventEdgeType>>>>("edges").Description("The items of the page, each with its cursor.").Resolve(c => c.Source.Events);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether more items follow, and the cursor to continue after.").Resolve(c =>
            (c.Source.HasNextPage, c.Source.Events.Count > 0 ? Resolvers.EncodeSequence(c.Source.Events[^1].Sequence) : null));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many events the stream holds in all.").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class RankingRowType : ObjectGraphType<RankingRow>
{
    public RankingRowType()
    {
        Name = "RankingRow";
        Field<NonNullGraphType<IntGraphType>>("rank").Description("Its rank, 1 for the highest.").Resolve(c => c.Source.Rank);
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as after for the rows ranked after this one.").Resolve(c => Resolvers.EncodeRank(c.Source.Rank));
        Field<NonNullGraphType<EntityType>>("entity").Description("The entity.").Resolve(c => c.Source.Entity);
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("The metric ranked by.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<BalanceType>>("balance").Description("The year's total balance.").Resolve(c => c.Source.Balance);
    }
}

public sealed class FactorSetType : ObjectGraphType<FactorSetView>
{
    public FactorSetType()
    {
        Name = "FactorSet";
        Field<NonNullGraphType<StringGraphType>>("id").Description("Stable id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("title").Description("What the set is.").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<IntGraphType>>("fromYear").Description("The first year it covers.").Resolve(c => c.Source.FromYear);
        Field<NonNullGraphType<IntGraphType>>("toYear").Description("The last year it covers; null while in force.").Resolve(c => c.Source.ToYear);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown: how the rule is known.").Resolve(c => c.Source.Status);
        Field<StringGraphType>("supersedes").Description("The set it replaces, if any.").Resolve(c => c.Source.Supersedes);
        Field<NonNullGraphType<BooleanGraphType>>("current").Description("No other set supersedes it.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<StringGraphType>>("gwpSet").Description("The global warming potentials used.").Resolve(c => c.Source.GwpSet);
        Field<NonNullGraphType<DecimalGraphType>>("nationalGridFactor").Description("kgCO2/kWh").Resolve(c => c.Source.NationalGridFactor);
        Field<NonNullGraphType<StringGraphType>>("nationalGridFactorSource").Description("Where the national grid factor comes from.").Resolve(c => c.Source.NationalGridFactorSource);
    }
}
