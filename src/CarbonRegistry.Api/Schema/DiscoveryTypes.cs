using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Queries;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Units;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

/// <summary>A unit symbol the API reads in quantities.</summary>
public sealed record UnitView(string Symbol, Measure Measure, string BaseSymbol, decimal ToBase, IReadOnlyList<string> Aliases);

public sealed class UnitType : ObjectGraphType<UnitView>
{
    public UnitType()
    {
        Name = "Unit";
        Description = "A unit symbol quantities may be given in, and how it converts to its measure's base unit.";
        Field<NonNullGraphType<StringGraphType>>("symbol").Description("The symbol quantities are given in.").Resolve(c => c.Source.Symbol);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("What it measures.").Resolve(c => c.Source.Measure.ToString());
        Field<NonNullGraphType<StringGraphType>>("baseSymbol").Description("The base unit of its measure.").Resolve(c => c.Source.BaseSymbol);
        Field<NonNullGraphType<DecimalGraphType>>("toBase").Description("One of this unit in the base unit.").Resolve(c => c.Source.ToBase);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("aliases")
            .Description("Other spellings read as this unit, as statistical returns write them (万千瓦时, 吨, 万元, …); quantities given in them are stored with the symbol.")
            .Resolve(c => c.Source.Aliases);
    }
}

public sealed class SourcedValueType : ObjectGraphType<SourcedValue>
{
    public SourcedValueType()
    {
        Name = "SourcedValue";
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("The value.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Its unit.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where it comes from.").Resolve(c => c.Source.Source);
    }
}

public sealed class CarrierType : ObjectGraphType<Carrier>
{
    public CarrierType()
    {
        Name = "Carrier";
        Description = "An energy carrier of a factor set: the code a report's fuel lines use, the units it may be given in, and its coefficients with their sources.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("Fossil or biomass.").Resolve(c => c.Source.Kind.ToString());
        Field<NonNullGraphType<BooleanGraphType>>("clean").Description("Whether its consumption counts as clean energy.").Resolve(c => c.Source.Clean);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("What its quantities measure (mass, volume, …).").Resolve(c => c.Source.Measure.ToString());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("units")
            .Description("The unit symbols its quantity may be given in.")
            .Resolve(c => UnitCatalog.Symbols.Where(symbol => UnitCatalog.MeasureOf(UnitCatalog.Parse(symbol)) == c.Source.Measure).ToList());
        Field<NonNullGraphType<SourcedValueType>>("standardCoal").Description("Standard coal coefficient, with its source.").Resolve(c => c.Source.StandardCoal);
        Field<NonNullGraphType<SourcedValueType>>("netCalorificValue").Description("Net calorific value, with its source.").Resolve(c => c.Source.NetCalorificValue);
        Field<NonNullGraphType<SourcedValueType>>("carbonContent").Description("Carbon content per unit of heat, with its source.").Resolve(c => c.Source.CarbonContent);
        Field<NonNullGraphType<SourcedValueType>>("oxidation").Description("Carbon oxidation rate, with its source.").Resolve(c => c.Source.Oxidation);
    }
}

public sealed class FilingStatusType : ObjectGraphType<FilingStatusView>
{
    public FilingStatusType()
    {
        Name = "FilingStatus";
        Description = "Whether each reporting body (mine, enterprise, park) under the entity has filed the month.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<IntGraphType>>("month").Description("The month, 1 to 12.").Resolve(c => c.Source.Month);
        Field<NonNullGraphType<BooleanGraphType>>("due").Description("The month has ended (China time): a report can be expected.").Resolve(c => c.Source.Due);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EntityType>>>>("filed").Description("Reporting bodies with a report for the month.").Resolve(c => c.Source.Filed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EntityType>>>>("notFiled").Description("Reporting bodies without one.").Resolve(c => c.Source.NotFiled);
    }
}

public sealed class DeductionType : ObjectGraphType<Deduction>
{
    public DeductionType()
    {
        Name = "Deduction";
        Field<NonNullGraphType<StringGraphType>>("code").Description("renewable_increment (growth of renewable electricity over the previous year), non_fossil (renewable electricity and clean fuels) or feedstock.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<BooleanGraphType>>("fromTotal").Description("Taken out of controlled energy.").Resolve(c => c.Source.FromTotal);
        Field<NonNullGraphType<BooleanGraphType>>("fromIntensity").Description("Taken out of the energy of intensity.").Resolve(c => c.Source.FromIntensity);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown: how the rule is known.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("source").Description("The text the deduction comes from.").Resolve(c => c.Source.Source);
    }
}

public sealed class DeductionRuleSetType : ObjectGraphType<DeductionRuleSet>
{
    public DeductionRuleSetType()
    {
        Name = "DeductionRuleSet";
        Description = "What a period's controlled energy and intensity leave out, for the years the rule applied (schema/policy/deductions.json).";
        Field<NonNullGraphType<StringGraphType>>("id").Description("Stable id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IntGraphType>>("fromYear").Description("The first year it covers.").Resolve(c => c.Source.FromYear);
        Field<IntGraphType>("toYear").Description("Null while in force.").Resolve(c => c.Source.ToYear);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown: how the rule is known.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where it comes from.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeductionType>>>>("deductions").Description("Its deductions.").Resolve(c => c.Source.Deductions);
    }
}

public sealed class FactorUseType : ObjectGraphType<FactorUseView>
{
    public FactorUseType()
    {
        Name = "FactorUse";
        Description = "A factor a contribution was computed with, as the factor set gives it.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("standardCoal, netCalorificValue, carbonContent, oxidation, electricityEquivalent, gridFactor, residualGridFactor, heatStandardCoal, heatEmissionFactor, methaneGwp, methaneDensity or flareDestruction.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("The value.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Its unit.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where the factor set takes it from.").Resolve(c => c.Source.Source);
    }
}

public sealed class ContributionType : ObjectGraphType<ContributionView>
{
    public ContributionType()
    {
        Name = "Contribution";
        Description = "One line of a report and what it adds to the month's balance, computed alone with the month's factor set: the lines add up to the balance.";
        Field<NonNullGraphType<StringGraphType>>("field").Description("The report's field: fuels[i], gridElectricity (with its green-certified part), onSiteRenewableElectricity, purchasedHeat, methane, processCo2, sinkRemovals or ccusRemovals.").Resolve(c => c.Source.Field);
        Field<StringGraphType>("carrier").Description("A fuel line's carrier.").Resolve(c => c.Source.Carrier);
        Field<NonNullGraphType<DecimalGraphType>>("quantity").Description("The quantity as reported (for methane, the volume drained).").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Its unit as reported.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<DecimalGraphType>>("energyTce").Description("Its energy, tce.").Resolve(c => c.Source.EnergyTce);
        Field<NonNullGraphType<DecimalGraphType>>("grossTco2e").Description("Its share of gross emissions (scope 1 + location-based scope 2), tCO2e.").Resolve(c => c.Source.GrossTco2e);
        Field<NonNullGraphType<DecimalGraphType>>("netTco2e").Description("Its share of net emissions (scope 1 + market-based scope 2 − removals), tCO2e.").Resolve(c => c.Source.NetTco2e);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FactorUseType>>>>("factors").Description("The factors it was computed with, each with its source.").Resolve(c => c.Source.Factors);
    }
}

public sealed class ReportRefType : ObjectGraphType<ReportRefView>
{
    public ReportRefType()
    {
        Name = "ReportRef";
        Description = "A report behind an explained balance: the ledger event of its current version.";
        Field<NonNullGraphType<StringGraphType>>("period").Description("yyyy-MM.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<IntGraphType>>("version").Description("The report's current version (1 for a first report).").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Its ledger sequence.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who filed it: subject (role).").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(c => c.Source.RecordedAt);
        Field<StringGraphType>("reason").Description("An amendment's reason.").Resolve(c => c.Source.Reason);
    }
}

public sealed class BalanceExplanationType : ObjectGraphType<ExplanationView>
{
    public BalanceExplanationType()
    {
        Name = "BalanceExplanation";
        Description = "An entity's own balance of a month or year explained: each line's contribution with its factors and their sources, and the reports (ledger events) behind the period.";
        Field<NonNullGraphType<StringGraphType>>("period").Description("yyyy-MM or yyyy.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("factorSetId").Description("The factor sets the months are computed with, joined by +.").Resolve(c => c.Source.FactorSetId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContributionType>>>>("contributions").Description("Each line of the report; for a year, the months' lines of one kind and carrier summed, quantities in base units.").Resolve(c => c.Source.Contributions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportRefType>>>>("reports").Description("The reports behind the period, by month.").Resolve(c => c.Source.Reports);
    }
}

/// <summary>Every stable error code the registry gives in <c>extensions.code</c>.</summary>
public sealed class ErrorCodeType : EnumerationGraphType
{
    /// <summary>The codes of the HTTP and WebSocket transports, the document limits and the exports.</summary>
    private static readonly string[] s_transport =
    [
        "BAD_REQUEST", "UNAUTHENTICATED", "FORBIDDEN", "REQUEST_TOO_LARGE", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE",
        "DOCUMENT_TOO_LARGE", "TOO_MANY_SELECTIONS", "TOO_MANY_ALIASES", "TOO_MANY_FRAGMENTS", "TOO_MANY_DIRECTIVES", "FRAGMENT_CYCLE",
        "PERSISTED_DOCUMENT_REQUIRED", "PERSISTED_DOCUMENT_NOT_FOUND", "INVALID_DOCUMENT_ID", "SUBSCRIPTION_FAILED", "NOT_PUBLISHED",
    ];

    public ErrorCodeType()
    {
        Name = "ErrorCode";
        Description = "The registry's stable error codes (extensions.code): accounting, registry and transport codes. GraphQL.NET's own validation codes (e.g. FIELDS_ON_CORRECT_TYPE) are not listed.";
        foreach (var code in All)
        {
            Add(code, code);
        }
    }

    /// <summary>Every code, sorted.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. new[] { typeof(Abstractions.Errors.RegistryErrorCode), typeof(Accounting.Errors.AccountingErrorCode), typeof(Imports.ImportErrorCode) }
            .SelectMany(type => type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Concat(s_transport)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];
}

/// <summary>The ledger's event types, named as in the ledger.</summary>
public sealed class LedgerEventTypeType : EnumerationGraphType
{
    public LedgerEventTypeType()
    {
        Name = "LedgerEventType";
        Description = "A ledger event's type, named as the ledger stores it.";
        foreach (var type in Abstractions.Ledger.LedgerEventTypes.All)
        {
            Add(type, type);
        }
    }
}

/// <summary>The kinds of alerts.</summary>
public sealed class AlertKindType : EnumerationGraphType
{
    /// <summary>Every kind of alert.</summary>
    public static readonly string[] All = ["RED_RATING", "TARGET_EXCEEDED", "UNUSUAL_VALUE", "SOURCE_REVOKED", "BELOW_BASELINE", "RECTIFICATION_OVERDUE"];

    public AlertKindType()
    {
        Name = "AlertKind";
        Description = "RED_RATING and TARGET_EXCEEDED (the barometer after a report), UNUSUAL_VALUE (a report far from the usual), SOURCE_REVOKED and BELOW_BASELINE (the project ledger), RECTIFICATION_OVERDUE (an assessment's rectification report past its due day).";
        foreach (var kind in All)
        {
            Add(kind, kind);
        }
    }
}

/// <summary>Queries that let a client discover what the registry accepts and who has filed.</summary>
internal static class DiscoveryFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("units")
            .Description("Every unit symbol quantities may be given in.")
            .Resolve(_ => UnitCatalog.Symbols.Select(symbol =>
            {
                var unit = UnitCatalog.Parse(symbol);
                var measure = UnitCatalog.MeasureOf(unit);
                return new UnitView(symbol, measure, UnitCatalog.Symbol(UnitCatalog.BaseOf(measure)), UnitCatalog.ToBaseFactor(unit), UnitCatalog.AliasesOf(unit));
            }).ToList());
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ErrorCodeType>>>>("errorCodes")
            .Description("Every stable error code the registry gives, for clients that branch on them.")
            .Resolve(_ => ErrorCodeType.All);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeductionRuleSetType>>>>("deductionRules")
            .Description("The deduction rule sets by year; a year none covers has no deductions.")
            .Resolve(c => c.RequestServices!.GetRequiredService<FactorSetCatalog>().Deductions.RuleSets);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CarrierType>>>>("carriers")
            .Description("The energy carriers of a factor set (by default, the current set of the latest year any set covers), with their units and coefficients.")
            .Argument<StringGraphType>("factorSetId")
            .Resolve(c =>
            {
                var catalog = c.RequestServices!.GetRequiredService<FactorSetCatalog>();
                var id = c.GetArgument<string?>("factorSetId");
                FactorSet set;
                try
                {
                    set = id is null ? catalog.Latest : catalog.Get(id);
                }
                catch (Accounting.Errors.AccountingException error)
                {
                    throw new ExecutionError(error.Message) { Code = error.Code };
                }

                return set.Carriers.Values.OrderBy(carrier => carrier.Code, StringComparer.Ordinal).ToList();
            });
    }

    public static void AddEntityFields(ObjectGraphType<EntityRegistration> entity)
    {
        entity.Field<DecimalGraphType>("energyIntensityReduction")
            .Description("The reduction of energy intensity from baseYear to year, 1 − intensity / base intensity, with the deduction rule set of year applied to both years (feedstock is deducted in the base year too); null without value added.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("baseYear")
            .ResolveAsync(async c =>
            {
                var (year, baseYear) = (c.GetArgument<int>("year"), c.GetArgument<int>("baseYear"));
                var now = await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetBalance(year, null, Abstractions.Balances.BalanceScope.Total));
                var then = await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetBalance(baseYear, null, Abstractions.Balances.BalanceScope.Total));
                // The rule set the entity's year is served with (its recorded switch, or the year's), applied to both years.
                var current = now.ToBalance(c.RequestServices!.GetRequiredService<FactorSetCatalog>().Deductions);
                return current.Deductions.IntensityReduction(then.Components.ToBalance(then.Period, current.Deductions), current);
            });
        entity.Field<BalanceExplanationType>("explain")
            .Description("The entity's own balance of a month, or without month of the year, explained line by line, with the factors and their sources and the reports behind it; null without a report.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<IntGraphType>("month")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetExplanation(c.GetArgument<int>("year"), c.GetArgument<int?>("month"))));
        AddFilingStatus(entity);
    }

    private static void AddFilingStatus(ObjectGraphType<EntityRegistration> entity) =>
        entity.Field<NonNullGraphType<FilingStatusType>>("filingStatus")
            .Description("Which reporting bodies under the entity have filed a month, and which have not.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("month")
            .ResolveAsync(async c =>
            {
                Resolvers.Caller(c).Require(Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Dashboard);
                return await Resolvers.Guard(() => Resolvers.Queries(c).GetFilingStatus(c.Source.Id, c.GetArgument<int>("year"), c.GetArgument<int>("month")));
            });
}
