using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Abstractions.ZeroCarbon;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.ZeroCarbon;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

public sealed class IndicatorStatusType : ConstantCaseEnum<IndicatorStatus>
{
    public IndicatorStatusType() => Name = "IndicatorStatus";
}

public sealed class AcceptanceStepType : ConstantCaseEnum<AcceptanceStep>
{
    public AcceptanceStepType() => Name = "AcceptanceStep";
}

/// <summary>A programme's indicators for a year, with what was entered, waived and accepted for it.</summary>
public sealed record ProgrammeAnswer(ProgrammeResult Result, ProgrammeYearView? Record);

public sealed class ZeroCarbonAcceptanceType : ObjectGraphType<AcceptanceView>
{
    public ZeroCarbonAcceptanceType()
    {
        Name = "ZeroCarbonAcceptance";
        Description = "A step of acceptance taken for the year, with the core indicators' values it was taken on.";
        Field<NonNullGraphType<AcceptanceStepType>>("step").Description("The step taken.").Resolve(c => c.Source.Step);
        Field<NonNullGraphType<StringGraphType>>("reference").Description("The decision's document number or reference.").Resolve(c => c.Source.Reference);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IndicatorValueType>>>>("coreValues").Description("The core indicators' values it was taken on.").Resolve(c => c.Source.CoreValues.Select(p => (p.Key, p.Value)).ToList());
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(c => c.Source.At);
    }
}

public sealed class IndicatorValueType : ObjectGraphType<(string Code, decimal Value)>
{
    public IndicatorValueType()
    {
        Name = "IndicatorValue";
        Field<NonNullGraphType<StringGraphType>>("indicator").Description("The indicator code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("Its value.").Resolve(c => c.Source.Value);
    }
}

public sealed class BaselineType : ObjectGraphType<BaselineView>
{
    public BaselineType()
    {
        Name = "Baseline";
        Description = "The base of the zero-carbon programmes' reductions: the base year's figures, computed from its reports or entered with their source.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The base year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where the figures come from: the reports they are computed from, or the source entered.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<BooleanGraphType>>("computed").Description("Computed from the base year's reports (true) or entered (false).").Resolve(c => c.Source.Computed);
        Field<DecimalGraphType>("grossTco2e").Description("The base year's gross emissions, tCO2e.").Resolve(c => c.Source.GrossTco2e);
        Field<DecimalGraphType>("co2PerTonneRawCoal").Description("Gross emissions per tonne of raw coal, tCO2e/t.").Resolve(c => c.Source.Co2PerTonneRawCoal);
        Field<DecimalGraphType>("energyPerTonneRawCoalKgce").Description("Energy per tonne of raw coal, kgce/t.").Resolve(c => c.Source.EnergyPerTonneRawCoalKgce);
    }
}

public sealed class BaselineInputType : InputObjectGraphType<BaselineInput>
{
    public BaselineInputType()
    {
        Name = "BaselineInput";
        Description = "With no figure given, the baseline is computed from the base year's reports; entered figures need their source.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The base year.");
        Field<StringGraphType>("source").Description("The source of entered figures; required with them.");
        Field<DecimalGraphType>("grossTco2e").Description("Gross emissions (scope 1 + location-based scope 2), tCO2e.");
        Field<DecimalGraphType>("co2PerTonneRawCoal").Description("Gross emissions per tonne of raw coal, tCO2e/t.");
        Field<DecimalGraphType>("energyPerTonneRawCoalKgce").Description("Energy per tonne of raw coal, kgce/t.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new BaselineInput
    {
        Year = (int)value["year"]!,
        Source = value.TryGetValue("source", out var source) ? source as string : null,
        GrossTco2e = Decimal(value, "grossTco2e"),
        Co2PerTonneRawCoal = Decimal(value, "co2PerTonneRawCoal"),
        EnergyPerTonneRawCoalKgce = Decimal(value, "energyPerTonneRawCoalKgce"),
    };

    private static decimal? Decimal(IDictionary<string, object?> value, string name) => value.TryGetValue(name, out var x) ? x as decimal? : null;
}

public sealed class ZeroCarbonProgrammeType : ObjectGraphType<ProgrammeAnswer>
{
    public ZeroCarbonProgrammeType()
    {
        Name = "ZeroCarbonProgramme";
        Description = "A zero-carbon programme that applies to the entity (by its pilot programmes or kind), its indicators for a year against the thresholds of schema/policy/zero-carbon.json, and the year's steps of acceptance.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The programme code.").Resolve(c => c.Source.Result.Programme.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Result.Programme.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.Result.Programme.NameZh);
        Field<NonNullGraphType<StringGraphType>>("source").Description("The text the programme comes from.").Resolve(c => c.Source.Result.Programme.Source);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year assessed.").Resolve(c => c.Source.Result.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonIndicatorType>>>>("indicators").Description("Its indicators for the year.").Resolve(c => c.Source.Result.Indicators);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AcceptanceStepType>>>>("acceptanceSteps")
            .Description("The programme's steps of acceptance in order; empty where the rules the registry holds give none.")
            .Resolve(c => c.Source.Result.Programme.Acceptance?.Steps ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonAcceptanceType>>>>("acceptance").Description("The steps taken for the year, in order.").Resolve(c => c.Source.Record?.Acceptance ?? []);
        Field<NonNullGraphType<BooleanGraphType>>("acceptanceGateMet")
            .Description("Whether a step of acceptance could be taken on today's figures: every core indicator met, every guiding one met or waived.")
            .Resolve(c => ZeroCarbonAssessor.AcceptanceBlockers(c.Source.Result).Count == 0);
    }
}

public sealed class ZeroCarbonIndicatorType : ObjectGraphType<IndicatorResult>
{
    public ZeroCarbonIndicatorType()
    {
        Name = "ZeroCarbonIndicator";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The indicator code.").Resolve(c => c.Source.Indicator.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Indicator.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.Indicator.NameZh);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("The balance figure it holds to a target.").Resolve(c => c.Source.Indicator.Measure);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Unit of the value.").Resolve(c => c.Source.Indicator.Unit);
        Field<NonNullGraphType<BooleanGraphType>>("core").Description("The programme's core indicator, a hard gate.").Resolve(c => c.Source.Indicator.Core);
        Field<DecimalGraphType>("value").Description("The figure for the year; null when it cannot be computed or was not entered.").Resolve(c => c.Source.Value);
        Field<DecimalGraphType>("threshold").Description("The most (or, with isMinimum, the least) the value may be; null where the rule gives none or there is no baseline.").Resolve(c => c.Source.Threshold);
        Field<NonNullGraphType<BooleanGraphType>>("isMinimum").Description("The threshold is a minimum.").Resolve(c => c.Source.IsMinimum);
        Field<DecimalGraphType>("requiredReduction").Description("The reduction below the baseline required, a fraction.").Resolve(c => c.Source.Indicator.Reduction);
        Field<DecimalGraphType>("baseValue").Description("The baseline's figure.").Resolve(c => c.Source.BaseValue);
        Field<DecimalGraphType>("achievedReduction").Description("1 − value / base.").Resolve(c => c.Source.AchievedReduction);
        Field<IntGraphType>("byYear").Description("The year by which it is due.").Resolve(c => c.Source.Indicator.ByYear);
        Field<NonNullGraphType<IndicatorStatusType>>("status").Description("Where it stands for the year.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("ruleStatus").Description("verified, recalled or unknown.").Resolve(c => c.Source.Indicator.Status);
        Field<StringGraphType>("note").Description("What the source says, or how it is read.").Resolve(c => c.Source.Indicator.Note);
        Field<NonNullGraphType<BooleanGraphType>>("entered").Description("The value is entered per year with a source, not computed from the balance.").Resolve(c => c.Source.Indicator.IsEntered);
        Field<StringGraphType>("valueSource").Description("Where an entered value comes from.").Resolve(c => c.Source.Source);
        Field<StringGraphType>("waiverReason").Description("Why a waived guiding indicator was waived.").Resolve(c => c.Source.WaiverReason);
    }
}

public sealed class EnergyBandType : ObjectGraphType<EnergyBand>
{
    public EnergyBandType()
    {
        Name = "EnergyBand";
        Field<NonNullGraphType<DecimalGraphType>>("fromTce").Description("From this annual energy use, tce.").Resolve(c => c.Source.FromTce);
        Field<DecimalGraphType>("toTce").Description("Up to, not including; null for no bound.").Resolve(c => c.Source.ToTce);
        Field<DecimalGraphType>("max").Description("Null where the rule gives no threshold.").Resolve(c => c.Source.Max);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown.").Resolve(c => c.Source.Status);
        Field<StringGraphType>("note").Description("What the source says, or how it is read.").Resolve(c => c.Source.Note);
    }
}

public sealed class ZeroCarbonRuleIndicatorType : ObjectGraphType<ZeroCarbonIndicator>
{
    public ZeroCarbonRuleIndicatorType()
    {
        Name = "ZeroCarbonRuleIndicator";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("What it measures.").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Unit of the figure.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<BooleanGraphType>>("core").Description("A core indicator: a hard gate for acceptance.").Resolve(c => c.Source.Core);
        Field<DecimalGraphType>("max").Description("The most the figure may be.").Resolve(c => c.Source.Max);
        Field<DecimalGraphType>("min").Description("The least the figure must be.").Resolve(c => c.Source.Min);
        Field<DecimalGraphType>("reduction").Description("The fraction the figure must fall below the baseline.").Resolve(c => c.Source.Reduction);
        Field<IntGraphType>("byYear").Description("The year by which it is due.").Resolve(c => c.Source.ByYear);
        Field<ListGraphType<NonNullGraphType<EnergyBandType>>>("bands").Description("Thresholds by annual energy use.").Resolve(c => c.Source.Bands);
        Field<NonNullGraphType<BooleanGraphType>>("entered").Description("Entered per year, not computed from the balance.").Resolve(c => c.Source.IsEntered);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown: how the rule is known.").Resolve(c => c.Source.Status);
        Field<StringGraphType>("note").Description("What the source says, or how it is read.").Resolve(c => c.Source.Note);
    }
}

public sealed class ZeroCarbonProgrammeRuleType : ObjectGraphType<ZeroCarbonProgramme>
{
    public ZeroCarbonProgrammeRuleType()
    {
        Name = "ZeroCarbonProgrammeRule";
        Description = "A zero-carbon programme as schema/policy/zero-carbon.json gives it: whom it applies to and its indicators' thresholds.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown: how the rule is known.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where it comes from.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("pilots").Description("The pilot programmes it applies to.").Resolve(c => c.Source.AppliesTo.Pilots ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("kinds").Description("The entity kinds it applies to.").Resolve(c => c.Source.AppliesTo.Kinds ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonRuleIndicatorType>>>>("indicators").Description("Its indicators.").Resolve(c => c.Source.Indicators);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AcceptanceStepType>>>>("acceptanceSteps").Description("Its steps of acceptance, in order.").Resolve(c => c.Source.Acceptance?.Steps ?? []);
        Field<StringGraphType>("acceptanceSource").Description("Where the steps come from.").Resolve(c => c.Source.Acceptance?.Source);
    }
}

/// <summary>The zero-carbon fields of an entity and the baseline mutation.</summary>
internal static class ZeroCarbonFields
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonProgrammeRuleType>>>>("zeroCarbonProgrammes")
            .Description("The zero-carbon programmes and their thresholds, as loaded.")
            .Resolve(c => c.RequestServices!.GetRequiredService<ZeroCarbonRules>().Programmes);

    public static void AddEntityFields(ObjectGraphType<EntityRegistration> entity)
    {
        entity.Field<BaselineType>("baseline")
            .Description("The registered baseline of the zero-carbon programmes, or null.")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetBaseline()));
        entity.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonProgrammeType>>>>("zeroCarbon")
            .Description("The zero-carbon programmes that apply to the entity, with their indicators for the year (the entity's total balance, per-unit figures recomputed from sums).")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c => await AnswersAsync(c, c.Source, c.GetArgument<int>("year"), programme: null));
    }

    /// <summary>The programmes of <paramref name="entity"/> (or the one named) for <paramref name="year"/>, with what was recorded for each.</summary>
    private static async Task<IReadOnlyList<ProgrammeAnswer>> AnswersAsync(IResolveFieldContext c, EntityRegistration entity, int year, string? programme)
    {
        var balance = await Resolvers.ReadAsync(c, entity.Id, grain => grain.GetBalance(year, null, BalanceScope.Total));
        var baseline = await Resolvers.ReadAsync(c, entity.Id, grain => grain.GetBaseline());
        var rules = c.RequestServices!.GetRequiredService<ZeroCarbonRules>();
        var figures = balance.ToBalance(c.RequestServices!.GetRequiredService<FactorSetCatalog>().Deductions);
        var applying = rules.Programmes.Where(p => (programme is null || p.Code == programme) && p.AppliesToEntity(entity.Kind.ToString(), entity.Pilots.Select(x => x.ToString()))).ToList();
        var records = await Task.WhenAll(applying.Select(p => Resolvers.Grains(c).GetGrain<IZeroCarbonProgrammeGrain>(LedgerStreamNames.ProgrammeKey(entity.Id, p.Code)).GetRecord()));
        return [.. applying.Select((p, i) =>
        {
            var record = records[i].Year(year);
            var result = ZeroCarbonAssessor.Assess(p, year, figures, baseline?.ByMeasure() ?? new Dictionary<string, decimal>(), record?.ToInputs() ?? ProgrammeInputs.None);
            return new ProgrammeAnswer(result, record);
        })];
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        AddProgrammeMutation(mutation, "enterZeroCarbonIndicator", "Enters a year's value of an indicator the balance does not hold (a guiding indicator such as solid waste reused), with its source.", (grain, c, year, actor) => grain.EnterIndicator(year, c.GetArgument<string>("indicator"), c.GetArgument<decimal>("value"), c.GetArgument<string>("source"), actor))
            .Argument<NonNullGraphType<StringGraphType>>("indicator")
            .Argument<NonNullGraphType<DecimalGraphType>>("value")
            .Argument<NonNullGraphType<StringGraphType>>("source");
        AddProgrammeMutation(mutation, "waiveZeroCarbonIndicator", "Waives a guiding indicator for a year with a stated reason; a core indicator cannot be waived (CORE_INDICATOR_NOT_WAIVABLE).", (grain, c, year, actor) => grain.WaiveIndicator(year, c.GetArgument<string>("indicator"), c.GetArgument<string>("reason"), actor))
            .Argument<NonNullGraphType<StringGraphType>>("indicator")
            .Argument<NonNullGraphType<StringGraphType>>("reason");
        AddProgrammeMutation(mutation, "recordZeroCarbonAcceptance", "Records a step of acceptance (the province's review, then national acceptance) with its reference: refused unless every core indicator of the year is met and every guiding one met or waived (ACCEPTANCE_GATE_NOT_MET), and the step before was taken (ACCEPTANCE_OUT_OF_ORDER). The year's entries close.", (grain, c, year, actor) => grain.RecordAcceptance(year, c.GetArgument<AcceptanceStep>("step"), c.GetArgument<string>("reference"), actor))
            .Argument<NonNullGraphType<AcceptanceStepType>>("step")
            .Argument<NonNullGraphType<StringGraphType>>("reference");
        AddBaselineMutation(mutation);
    }

    /// <summary>A provincial mutation of an entity's programme record for a year; it answers with the programme's indicators for that year.</summary>
    private static FieldBuilder<object?, ProgrammeAnswer> AddProgrammeMutation(
        ObjectGraphType mutation, string name, string description, Func<IZeroCarbonProgrammeGrain, IResolveFieldContext, int, Actor, Task<ProgrammeRecordView>> change) =>
        mutation.Field<NonNullGraphType<ZeroCarbonProgrammeType>, ProgrammeAnswer>(name)
            .Description(description)
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<StringGraphType>>("programme")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                var (entityId, programme, year) = (c.GetArgument<string>("entityId"), c.GetArgument<string>("programme"), c.GetArgument<int>("year"));
                await Resolvers.Guard(() =>
                {
                    // A malformed id or an unknown code is refused before any grain is addressed.
                    _ = Resolvers.Entity(c, entityId);
                    if (c.RequestServices!.GetRequiredService<ZeroCarbonRules>().Programme(programme) is null)
                    {
                        throw new RegistryException(RegistryErrorCode.UnknownProgramme, $"No zero-carbon programme '{programme}'.", "programme");
                    }

                    return change(Resolvers.Grains(c).GetGrain<IZeroCarbonProgrammeGrain>(LedgerStreamNames.ProgrammeKey(entityId, programme)), c, year, caller.Actor);
                });
                var info = await Resolvers.ReadAsync(c, entityId, g => g.GetInfo());
                return (await AnswersAsync(c, info!.Registration, year, programme)).Single();
            });

    private static void AddBaselineMutation(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BaselineType>>("setBaseline")
            .Description("Registers an entity's baseline: the figures entered with their source, or with none entered, computed from the base year's reports (BASELINE_NO_DATA when there are none).")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<BaselineInputType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                var input = c.GetArgument<BaselineInput>("input");
                return await Resolvers.Guard(() => Resolvers.Entity(c, c.GetArgument<string>("entityId")).SetBaseline(input, caller.Actor));
            });
}
