using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Accounting.ZeroCarbon;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

public sealed class IndicatorStatusType : ConstantCaseEnum<IndicatorStatus>
{
    public IndicatorStatusType() => Name = "IndicatorStatus";
}

public sealed class BaselineType : ObjectGraphType<BaselineView>
{
    public BaselineType()
    {
        Name = "Baseline";
        Description = "The base of the zero-carbon programmes' reductions: the base year's figures, computed from its reports or entered with their source.";
        Field<NonNullGraphType<IntGraphType>>("year").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<BooleanGraphType>>("computed").Resolve(c => c.Source.Computed);
        Field<DecimalGraphType>("grossTco2e").Resolve(c => c.Source.GrossTco2e);
        Field<DecimalGraphType>("co2PerTonneRawCoal").Resolve(c => c.Source.Co2PerTonneRawCoal);
        Field<DecimalGraphType>("energyPerTonneRawCoalKgce").Resolve(c => c.Source.EnergyPerTonneRawCoalKgce);
    }
}

public sealed class BaselineInputType : InputObjectGraphType<BaselineInput>
{
    public BaselineInputType()
    {
        Name = "BaselineInput";
        Description = "With no figure given, the baseline is computed from the base year's reports; entered figures need their source.";
        Field<NonNullGraphType<IntGraphType>>("year");
        Field<StringGraphType>("source");
        Field<DecimalGraphType>("grossTco2e");
        Field<DecimalGraphType>("co2PerTonneRawCoal");
        Field<DecimalGraphType>("energyPerTonneRawCoalKgce");
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

public sealed class ZeroCarbonProgrammeType : ObjectGraphType<ProgrammeResult>
{
    public ZeroCarbonProgrammeType()
    {
        Name = "ZeroCarbonProgramme";
        Description = "A zero-carbon programme that applies to the entity (by its pilot programmes or kind), its indicators for a year against the thresholds of schema/policy/zero-carbon.json.";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Programme.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Programme.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Resolve(c => c.Source.Programme.NameZh);
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Programme.Source);
        Field<NonNullGraphType<IntGraphType>>("year").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonIndicatorType>>>>("indicators").Resolve(c => c.Source.Indicators);
    }
}

public sealed class ZeroCarbonIndicatorType : ObjectGraphType<IndicatorResult>
{
    public ZeroCarbonIndicatorType()
    {
        Name = "ZeroCarbonIndicator";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Indicator.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Indicator.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Resolve(c => c.Source.Indicator.NameZh);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("The balance figure it holds to a target.").Resolve(c => c.Source.Indicator.Measure);
        Field<NonNullGraphType<StringGraphType>>("unit").Resolve(c => c.Source.Indicator.Unit);
        Field<NonNullGraphType<BooleanGraphType>>("core").Resolve(c => c.Source.Indicator.Core);
        Field<DecimalGraphType>("value").Resolve(c => c.Source.Value);
        Field<DecimalGraphType>("threshold").Description("The most (or, with isMinimum, the least) the value may be; null where the rule gives none or there is no baseline.").Resolve(c => c.Source.Threshold);
        Field<NonNullGraphType<BooleanGraphType>>("isMinimum").Resolve(c => c.Source.IsMinimum);
        Field<DecimalGraphType>("requiredReduction").Resolve(c => c.Source.Indicator.Reduction);
        Field<DecimalGraphType>("baseValue").Resolve(c => c.Source.BaseValue);
        Field<DecimalGraphType>("achievedReduction").Resolve(c => c.Source.AchievedReduction);
        Field<IntGraphType>("byYear").Resolve(c => c.Source.Indicator.ByYear);
        Field<NonNullGraphType<IndicatorStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("ruleStatus").Description("verified, recalled or unknown.").Resolve(c => c.Source.Indicator.Status);
        Field<StringGraphType>("note").Resolve(c => c.Source.Indicator.Note);
    }
}

public sealed class EnergyBandType : ObjectGraphType<EnergyBand>
{
    public EnergyBandType()
    {
        Name = "EnergyBand";
        Field<NonNullGraphType<DecimalGraphType>>("fromTce").Resolve(c => c.Source.FromTce);
        Field<DecimalGraphType>("toTce").Description("Up to, not including; null for no bound.").Resolve(c => c.Source.ToTce);
        Field<DecimalGraphType>("max").Description("Null where the rule gives no threshold.").Resolve(c => c.Source.Max);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => c.Source.Status);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
    }
}

public sealed class ZeroCarbonRuleIndicatorType : ObjectGraphType<ZeroCarbonIndicator>
{
    public ZeroCarbonRuleIndicatorType()
    {
        Name = "ZeroCarbonRuleIndicator";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("measure").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<StringGraphType>>("unit").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<BooleanGraphType>>("core").Resolve(c => c.Source.Core);
        Field<DecimalGraphType>("max").Resolve(c => c.Source.Max);
        Field<DecimalGraphType>("min").Resolve(c => c.Source.Min);
        Field<DecimalGraphType>("reduction").Resolve(c => c.Source.Reduction);
        Field<IntGraphType>("byYear").Resolve(c => c.Source.ByYear);
        Field<ListGraphType<NonNullGraphType<EnergyBandType>>>("bands").Resolve(c => c.Source.Bands);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => c.Source.Status);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
    }
}

public sealed class ZeroCarbonProgrammeRuleType : ObjectGraphType<ZeroCarbonProgramme>
{
    public ZeroCarbonProgrammeRuleType()
    {
        Name = "ZeroCarbonProgrammeRule";
        Description = "A zero-carbon programme as schema/policy/zero-carbon.json gives it: whom it applies to and its indicators' thresholds.";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("pilots").Resolve(c => c.Source.AppliesTo.Pilots ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("kinds").Resolve(c => c.Source.AppliesTo.Kinds ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ZeroCarbonRuleIndicatorType>>>>("indicators").Resolve(c => c.Source.Indicators);
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
            .ResolveAsync(async c =>
            {
                var year = c.GetArgument<int>("year");
                var balance = await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetBalance(year, null, BalanceScope.Total));
                var baseline = await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetBaseline());
                var rules = c.RequestServices!.GetRequiredService<ZeroCarbonRules>();
                return ZeroCarbonAssessor.Assess(
                    rules,
                    c.Source.Kind.ToString(),
                    c.Source.Pilots.Select(p => p.ToString()),
                    year,
                    balance.Components.ToBalance(balance.Period),
                    baseline?.ByMeasure() ?? new Dictionary<string, decimal>());
            });
    }

    public static void AddMutations(ObjectGraphType mutation) =>
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
