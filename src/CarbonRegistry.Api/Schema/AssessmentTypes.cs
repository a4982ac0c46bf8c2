using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

public sealed class ScoreStatusType : ConstantCaseEnum<ScoreStatus>
{
    public ScoreStatusType() => Name = "ScoreStatus";
}

public sealed class ObligationStatusType : ConstantCaseEnum<ObligationStatus>
{
    public ObligationStatusType() => Name = "ObligationStatus";
}

public sealed class ObligationType : ObjectGraphType<ObligationView>
{
    public ObligationType()
    {
        Name = "RectificationObligation";
        Description = "A written rectification report a region owes after a published grade that requires one.";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The region that owes it.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IntGraphType>>("version").Description("The published version whose grade imposed it.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("The grade that imposed it.").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<DateOnlyGraphType>>("due").Description("The last day it may be submitted (China time).").Resolve(c => c.Source.Due);
        Field<NonNullGraphType<ObligationStatusType>>("status").Description("Open, submitted or overdue.").Resolve(c => c.Source.Status);
        Field<StringGraphType>("reference").Description("The report's reference, once submitted.").Resolve(c => c.Source.Reference);
        Field<DateTimeOffsetGraphType>("submittedAt").Description("When it was submitted.").Resolve(c => c.Source.SubmittedAt);
    }
}

public sealed class GradeConsequencesType : ObjectGraphType<GradeConsequences>
{
    public GradeConsequencesType()
    {
        Name = "GradeConsequences";
        Description = "What follows from a grade: fund allocation, two-high approvals, honours, talks and a rectification report.";
        Field<NonNullGraphType<StringGraphType>>("funds").Description("priority, normal or reduced.").Resolve(c => c.Source.Funds);
        Field<NonNullGraphType<StringGraphType>>("approvals").Description("normal, conditional or frozen.").Resolve(c => c.Source.Approvals);
        Field<BooleanGraphType>("honours").Description("Eligible for honours; null where the rules do not say.").Resolve(c => c.Source.Honours);
        Field<NonNullGraphType<BooleanGraphType>>("talks").Description("Summoned for talks (约谈).").Resolve(c => c.Source.Talks);
        Field<IntGraphType>("rectificationReportMonths").Description("A written rectification report is due this many months after publication.").Resolve(c => c.Source.RectificationReportMonths);
        Field<StringGraphType>("note").Description("What the source says, or how it is read.").Resolve(c => c.Source.Note);
    }
}

public sealed class AssessmentIndicatorType : ObjectGraphType<IndicatorScoreView>
{
    public AssessmentIndicatorType()
    {
        Name = "AssessmentIndicator";
        Description = "One indicator of a region's assessment: its status, the points earned, and the figures it rests on.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The indicator's code in the scheme.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<ScoreStatusType>>("status").Description("Where it stands.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DecimalGraphType>>("points").Description("Points earned.").Resolve(c => c.Source.Points);
        Field<DecimalGraphType>("actual").Description("The figure assessed: the year's intensity, total or achieved reduction, or the points entered.").Resolve(c => c.Source.Actual);
        Field<DecimalGraphType>("target").Description("What it was held to: the target intensity, the cap, the reduction due by now, or the most points.").Resolve(c => c.Source.Target);
        Field<StringGraphType>("reason").Description("A judgement's reason.").Resolve(c => c.Source.Reason);
    }
}

public sealed class RegionAssessmentType : ObjectGraphType<RegionAssessmentView>
{
    public RegionAssessmentType()
    {
        Name = "RegionAssessment";
        Description = "A city's or zone's assessment for the year.";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The city or zone.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<DecimalGraphType>>("score").Description("Points earned, of the scheme's total.").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("A grade code of the scheme; the scheme's veto grade when a veto item is missed.").Resolve(c => c.Source.Grade);
        Field<DecimalGraphType>("separateEnergyTce").Description("Energy of approved major national projects in the region accounted apart (能耗单列), as confirmed for the year, tce; it leaves the controlled total where the year's deduction rule set has national_major_projects (from 2021). Null when none is confirmed.").Resolve(c => c.Source.SeparateEnergyTce);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("vetoedBy").Description("Veto items missed.").Resolve(c => c.Source.VetoedBy);
        Field<NonNullGraphType<BooleanGraphType>>("complete").Description("Every target set, every figure computable, every judgement entered, twelve months reported.").Resolve(c => c.Source.Complete);
        Field<NonNullGraphType<IntGraphType>>("monthsReported").Description("Months of the year in the figures.").Resolve(c => c.Source.MonthsReported);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssessmentIndicatorType>>>>("indicators").Description("Each indicator of the scheme, in its order.").Resolve(c => c.Source.Indicators);
    }
}

public sealed class JudgementType : ObjectGraphType<JudgementView>
{
    public JudgementType()
    {
        Name = "AssessmentJudgement";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The city or zone.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<StringGraphType>>("indicator").Description("The judgement indicator.").Resolve(c => c.Source.Indicator);
        Field<NonNullGraphType<DecimalGraphType>>("points").Description("Points given.").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why, as entered.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(c => c.Source.At);
    }
}

public sealed class PublishedAssessmentType : ObjectGraphType<PublishedAssessmentView>
{
    public PublishedAssessmentType()
    {
        Name = "PublishedAssessment";
        Description = "A published version: immutable.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("publishedAt").Description("When it was published.").Resolve(c => c.Source.At);
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("The publication's ledger sequence.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RegionAssessmentType>>>>("results").Description("Each region's result as published.").Resolve(c => c.Source.Results);
        Field<StringGraphType>("deductionsId").Description("The deduction rules the figures were derived with (the version of deductions.json, e.g. DED-2026.2); null in publications from before it was recorded.").Resolve(c => c.Source.DeductionsId);
    }
}

public sealed class AssessmentType : ObjectGraphType<AssessmentView>
{
    public AssessmentType()
    {
        Name = "Assessment";
        Description = "One scheme's assessment of the province's cities and zones for a year: the results as they stand now, the judgements behind them, and each published version.";
        Field<NonNullGraphType<StringGraphType>>("scheme").Description("The scheme's code (assessmentSchemes).").Resolve(c => c.Source.Scheme);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year assessed.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RegionAssessmentType>>>>("current").Description("Computed now from the ledger's figures, the targets and the judgements.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JudgementType>>>>("judgements").Description("Judgements entered, the latest per region and indicator.").Resolve(c => c.Source.Judgements);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PublishedAssessmentType>>>>("published").Description("Published versions, oldest first; each immutable.").Resolve(c => c.Source.Published);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ObligationType>>>>("obligations").Description("Rectification reports owed after the published grades.").Resolve(c => c.Source.Obligations);
    }
}

public sealed class SchemeIndicatorType : ObjectGraphType<SchemeIndicator>
{
    public SchemeIndicatorType()
    {
        Name = "SchemeIndicator";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("The result that decides it, or 'judgement'.").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<DecimalGraphType>>("points").Description("The most points it gives.").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<BooleanGraphType>>("veto").Description("A veto item: missing it gives the veto grade.").Resolve(c => c.Source.Veto);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown.").Resolve(c => c.Source.Status);
    }
}

public sealed class GradeBandType : ObjectGraphType<GradeBand>
{
    public GradeBandType()
    {
        Name = "GradeBand";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<DecimalGraphType>>("min").Description("The lowest score of the band.").Resolve(c => c.Source.Min);
        Field<NonNullGraphType<DecimalGraphType>>("max").Description("Up to, not including; the top band includes it.").Resolve(c => c.Source.Max);
        Field<GradeConsequencesType>("consequences").Description("What follows from the grade.").Resolve(c => c.Source.Consequences);
    }
}

public sealed class AssessmentSchemeType : ObjectGraphType<AssessmentScheme>
{
    public AssessmentSchemeType()
    {
        Name = "AssessmentScheme";
        Description = "An assessment scheme as schema/policy/assessment-schemes.json gives it.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("status").Description("verified, recalled or unknown: how the scheme is known.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where it comes from.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<IntGraphType>>("fromYear").Description("The first year it covers.").Resolve(c => c.Source.FromYear);
        Field<IntGraphType>("toYear").Description("The last year it covers; null while in force.").Resolve(c => c.Source.ToYear);
        Field<NonNullGraphType<DecimalGraphType>>("totalPoints").Description("The points of all indicators together.").Resolve(c => c.Source.TotalPoints);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SchemeIndicatorType>>>>("indicators").Description("Its indicators.").Resolve(c => c.Source.Indicators);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GradeBandType>>>>("grades").Description("Grade bands, best first.").Resolve(c => c.Source.Grades);
        Field<NonNullGraphType<StringGraphType>>("vetoGrade").Description("The grade of a region that misses a veto item.").Resolve(c => c.Source.VetoGrade);
    }
}

/// <summary>The assessment queries and mutations.</summary>
internal static class AssessmentFields
{
    private static readonly string[] s_readers = [RegistryRoles.Provincial, RegistryRoles.Dashboard, RegistryRoles.Verifier, RegistryRoles.EnergyBureau];

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssessmentSchemeType>>>>("assessmentSchemes")
            .Description("The assessment schemes, as loaded.")
            .Resolve(c => c.RequestServices!.GetRequiredService<AssessmentSchemes>().Schemes);
        query.Field<NonNullGraphType<AssessmentType>>("assessment")
            .Description("A scheme's assessment of every city and zone for a year.")
            .Argument<NonNullGraphType<StringGraphType>>("scheme")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c =>
            {
                Resolvers.Caller(c).Require(s_readers);
                return await Resolvers.Guard(() => Grain(c).GetView());
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AssessmentType>>("enterAssessmentJudgement")
            .Description("Enters the points of a judgement indicator (measures taken) for a city or zone, with the reason; the latest entry counts.")
            .Argument<NonNullGraphType<StringGraphType>>("scheme")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<StringGraphType>>("indicator")
            .Argument<NonNullGraphType<DecimalGraphType>>("points")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                return await Resolvers.Guard(() => Grain(c).EnterJudgement(c.GetArgument<string>("entityId"), c.GetArgument<string>("indicator"), c.GetArgument<decimal>("points"), c.GetArgument<string>("reason"), caller.Actor));
            });
        mutation.Field<NonNullGraphType<AssessmentType>>("submitRectificationReport")
            .Description("Records a region's written rectification report under an assessment (NO_OBLIGATION when it owes none).")
            .Argument<NonNullGraphType<StringGraphType>>("scheme")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<StringGraphType>>("reference")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                return await Resolvers.Guard(() => Grain(c).SubmitRectificationReport(c.GetArgument<string>("entityId"), c.GetArgument<string>("reference"), caller.Actor));
            });
        mutation.Field<NonNullGraphType<AssessmentType>>("publishAssessment")
            .Description("Publishes the results as they stand as a new, immutable version (ASSESSMENT_ALREADY_PUBLISHED when they equal the latest).")
            .Argument<NonNullGraphType<StringGraphType>>("scheme")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                return await Resolvers.Guard(() => Grain(c).Publish(caller.Actor));
            });
    }

    /// <summary>The grain of the scheme and year asked; an unknown scheme or a year it does not cover is refused before any grain is addressed.</summary>
    private static IAssessmentGrain Grain(IResolveFieldContext c)
    {
        var (code, year) = (c.GetArgument<string>("scheme"), c.GetArgument<int>("year"));
        if (c.RequestServices!.GetRequiredService<AssessmentSchemes>().Scheme(code) is not { } scheme || !scheme.Covers(year))
        {
            throw new Abstractions.Errors.RegistryException(Abstractions.Errors.RegistryErrorCode.UnknownScheme, $"No assessment scheme '{code}' covers {year}.", "scheme");
        }

        return Resolvers.Grains(c).GetGrain<IAssessmentGrain>($"{code}:{year}");
    }
}

/// <summary>A budget with what the year's reports have used of it.</summary>
public sealed record BudgetUse(CarbonBudgetView Budget, decimal UsedTco2e);

public sealed class CarbonBudgetType : ObjectGraphType<BudgetUse>
{
    public CarbonBudgetType()
    {
        Name = "CarbonBudget";
        Description = "A carbon budget of a province or city for a year, and the gross emissions (scope 1 + location-based scope 2) of the year so far against it.";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The province or city.").Resolve(c => c.Source.Budget.EntityId);
        Field<NonNullGraphType<DecimalGraphType>>("budgetTco2e").Description("The budget, tCO2e.").Resolve(c => c.Source.Budget.BudgetTco2e);
        Field<NonNullGraphType<DecimalGraphType>>("usedTco2e").Description("Gross emissions of the year so far.").Resolve(c => c.Source.UsedTco2e);
        Field<NonNullGraphType<DecimalGraphType>>("remainingTco2e").Description("The budget less the emissions so far, tCO2e.").Resolve(c => c.Source.Budget.BudgetTco2e - c.Source.UsedTco2e);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("The allocation it was set with.").Resolve(c => c.Source.Budget.Reason);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Budget.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("setAt").Description("When it was set.").Resolve(c => c.Source.Budget.At);
    }
}

/// <summary>A province's budgets of a year, with use.</summary>
public sealed record BudgetsAnswer(CarbonBudgetsView Budgets, BudgetUse? Province, IReadOnlyList<BudgetUse> Cities);

public sealed class CarbonBudgetsType : ObjectGraphType<BudgetsAnswer>
{
    public CarbonBudgetsType()
    {
        Name = "CarbonBudgets";
        Description = "A province's carbon budget of a year and its cities'; the cities' never add up to more than the province's.";
        Field<NonNullGraphType<IdGraphType>>("provinceId").Description("The province.").Resolve(c => c.Source.Budgets.ProvinceId);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Budgets.Year);
        Field<CarbonBudgetType>("province").Description("The province's budget; null before it is set.").Resolve(c => c.Source.Province);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CarbonBudgetType>>>>("cities").Description("Each city's budget.").Resolve(c => c.Source.Cities);
        Field<NonNullGraphType<DecimalGraphType>>("allocatedTco2e").Description("Σ of the cities' budgets.").Resolve(c => c.Source.Budgets.AllocatedTco2e);
        Field<DecimalGraphType>("unallocatedTco2e").Description("The province's budget less the cities'; null before the province's is set.").Resolve(c => c.Source.Budgets.Province is { } p ? p.BudgetTco2e - c.Source.Budgets.AllocatedTco2e : null);
    }
}

/// <summary>The carbon budget query and mutation.</summary>
internal static class BudgetFields
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<CarbonBudgetsType>>("carbonBudgets")
            .Description("A province's carbon budgets of a year: its own and its cities', with the year's emissions against each.")
            .Argument<NonNullGraphType<IdGraphType>>("provinceId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c =>
            {
                Resolvers.Caller(c).Require(RegistryRoles.Provincial, RegistryRoles.Dashboard, RegistryRoles.Verifier, RegistryRoles.EnergyBureau);
                var (province, year) = (c.GetArgument<string>("provinceId"), c.GetArgument<int>("year"));
                _ = Resolvers.Entity(c, province);
                return await AnswerAsync(c, await Resolvers.Grains(c).GetGrain<ICarbonBudgetGrain>($"{province}:{year}").GetBudgets());
            });

    public static void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<CarbonBudgetsType>>("setCarbonBudget")
            .Description("Sets the carbon budget of a province or one of its cities for a year, with the allocation's reason: refused when the cities' budgets would add up to more than the province's (BUDGET_EXCEEDS_PROVINCE), or for a city before its province has one (PROVINCE_BUDGET_MISSING).")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<DecimalGraphType>>("budgetTco2e")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                var (entityId, year) = (c.GetArgument<string>("entityId"), c.GetArgument<int>("year"));
                if (year is < 1990 or > 2100)
                {
                    throw new ExecutionError($"Year {year} is not between 1990 and 2100.") { Code = Accounting.Errors.AccountingErrorCode.InvalidPeriod };
                }

                var budgets = await Resolvers.Guard(async () =>
                {
                    var info = await Resolvers.Entity(c, entityId).GetInfo()
                        ?? throw new Abstractions.Errors.RegistryException(Abstractions.Errors.RegistryErrorCode.UnknownEntity, $"Entity '{entityId}' is not registered.", "entityId");
                    var province = info.Registration.Kind == Abstractions.Entities.EntityKind.Province ? info.Registration.Id : info.Registration.ParentId ?? info.Registration.Id;
                    return await Resolvers.Grains(c).GetGrain<ICarbonBudgetGrain>($"{province}:{year}").SetBudget(entityId, c.GetArgument<decimal>("budgetTco2e"), c.GetArgument<string>("reason"), caller.Actor);
                });
                return await AnswerAsync(c, budgets);
            });

    private static async Task<BudgetsAnswer> AnswerAsync(IResolveFieldContext c, CarbonBudgetsView budgets)
    {
        async Task<BudgetUse> Use(CarbonBudgetView budget) =>
            new(budget, (await Resolvers.Entity(c, budget.EntityId).GetBalance(budgets.Year, null, Abstractions.Balances.BalanceScope.Total)).GrossTco2e);

        return new BudgetsAnswer(budgets, budgets.Province is { } p ? await Use(p) : null, await Task.WhenAll(budgets.Cities.Select(Use)));
    }
}
