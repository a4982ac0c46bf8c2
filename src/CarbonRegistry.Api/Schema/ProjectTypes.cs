using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

public sealed class ProjectStageType : ConstantCaseEnum<ProjectStage>
{
    public ProjectStageType() => Name = "ProjectStage";
}

public sealed class ProjectTransitionType : ConstantCaseEnum<ProjectTransition>
{
    public ProjectTransitionType() => Name = "ProjectTransition";
}

public sealed class ReviewStatusType : ConstantCaseEnum<ReviewStatus>
{
    public ReviewStatusType() => Name = "ReviewStatus";
}

public sealed class SubstitutionStatusType : ConstantCaseEnum<SubstitutionStatus>
{
    public SubstitutionStatusType() => Name = "SubstitutionStatus";
}

public sealed class SourceStatusType : ConstantCaseEnum<SourceStatus>
{
    public SourceStatusType() => Name = "SourceStatus";
}

/// <summary>The flags a projects listing can filter on.</summary>
public enum ProjectFlag
{
    /// <summary>National window guidance (≥ 50,000 tce a year).</summary>
    NationalWindowGuidance,

    /// <summary>Worse than the benchmark while proposed or under construction.</summary>
    BelowBenchmark,

    /// <summary>Worse than the baseline while existing.</summary>
    BelowBaseline,
}

public sealed class ProjectFlagType : ConstantCaseEnum<ProjectFlag>
{
    public ProjectFlagType() => Name = "ProjectFlag";
}

public sealed class ProjectType : ObjectGraphType<ProjectView>
{
    public ProjectType()
    {
        Name = "Project";
        Description = "A two-high project of the provincial ledger: where it stands, its new energy, coal and CO2, the rules' flags, its joint review and its coal substitution plan.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id.").Resolve(c => c.Source.Registration.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Registration.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.Registration.NameZh);
        Field<NonNullGraphType<IdGraphType>>("siteEntityId").Description("The city, zone or park the project is sited in.").Resolve(c => c.Source.Registration.SiteEntityId);
        Field<IdGraphType>("ownerEntityId").Description("The owning enterprise, if registered.").Resolve(c => c.Source.Registration.OwnerEntityId);
        Field<IdGraphType>("cityId").Description("The city of the site when the project was registered.").Resolve(c => c.Source.CityId);
        Field<NonNullGraphType<StringGraphType>>("sector").Description("Sector code of the two-high catalogue.").Resolve(c => c.Source.Registration.Sector);
        Field<NonNullGraphType<StringGraphType>>("industryCode").Description("GB/T 4754 industry code.").Resolve(c => c.Source.Registration.IndustryCode);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductCapacityType>>>>("products").Description("Products and their capacities.").Resolve(c => c.Source.Registration.Products);
        Field<NonNullGraphType<IntGraphType>>("plannedStartYear").Description("The year production is planned to start.").Resolve(c => c.Source.Registration.PlannedStartYear);
        Field<NonNullGraphType<ProjectStageType>>("stage").Description("Proposed, under construction, existing, rejected or closed.").Resolve(c => c.Source.Stage);
        Field<NonNullGraphType<BooleanGraphType>>("nationalMajor").Description("An approved major national project (国家重大项目).").Resolve(c => c.Source.Registration.NationalMajor);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SeparateEnergyType>>>>("separateEnergy").Description("A major national project's energy accounted apart from its regions' (能耗单列), as confirmed, by year.").Resolve(c => c.Source.SeparateEnergy);
        Field<NonNullGraphType<ProjectFiguresType>>("figures").Description("Its new annual energy, coal and CO2, computed as a report is.").Resolve(c => c.Source.Figures);
        Field<NonNullGraphType<ProjectFlagsType>>("flags").Description("The rules' flags.").Resolve(c => c.Source.Flags);
        Field<StringGraphType>("unitEnergyProduct").Description("The product of the efficiency reference table its unit energy is for.").Resolve(c => c.Source.Registration.UnitEnergy?.Product);
        Field<DecimalGraphType>("unitEnergyValue").Description("Energy per unit of the product, in the unit of its efficiency reference row.").Resolve(c => c.Source.Registration.UnitEnergy?.Value);
        Field<NonNullGraphType<ProjectDocumentsType>>("documents").Description("Document references.").Resolve(c => c.Source.Registration.Documents);
        Field<DisposalType>("disposal").Description("The disposal decision, if any.").Resolve(c => c.Source.Disposal);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReviewRoundType>>>>("reviewRounds").Description("The joint review rounds, oldest first.").Resolve(c => c.Source.Rounds);
        Field<NonNullGraphType<SubstitutionPlanType>>("substitution").Description("The coal substitution plan.").Resolve(c => c.Source.Substitution);
        Field<NonNullGraphType<LongGraphType>>("version").Description("The project stream's version.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("policyId").Description("The rules (schema/policy) the flags and plan were worked out with.").Resolve(c => c.Source.PolicyId);
        Field<NonNullGraphType<LedgerEventConnectionType>>("history")
            .Description("The project's ledger events, oldest first.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var after = Resolvers.SequenceCursor(c.GetArgument<string?>("after"));
                return await Resolvers.Guard(() => Resolvers.Queries(c).GetHistory(Abstractions.Ledger.LedgerStreamNames.Project(c.Source.Registration.Id), c.GetArgument("first", 50), after));
            });
    }
}

public sealed class ProductCapacityType : ObjectGraphType<ProductCapacity>
{
    public ProductCapacityType()
    {
        Name = "ProductCapacity";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Product code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<DecimalGraphType>>("capacity").Description("Annual capacity, in the unit given.").Resolve(c => c.Source.Capacity);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The unit of the capacity.").Resolve(c => c.Source.Unit);
    }
}

public sealed class ProjectFiguresType : ObjectGraphType<ProjectFigures>
{
    public ProjectFiguresType()
    {
        Name = "ProjectFigures";
        Description = "New annual use, computed by the accounting library as a report is, with the factor set of the planned start year.";
        Field<NonNullGraphType<DecimalGraphType>>("energyTce").Description("Energy, tce.").Resolve(c => c.Source.EnergyTce);
        Field<NonNullGraphType<DecimalGraphType>>("equalValueEnergyTce").Description("Energy with electricity at the equal-value rate, tce.").Resolve(c => c.Source.EqualValueEnergyTce);
        Field<NonNullGraphType<DecimalGraphType>>("coalFuelTonnes").Description("Coal burned, physical t, of the carriers the substitution rule counts.").Resolve(c => c.Source.CoalFuelTonnes);
        Field<NonNullGraphType<DecimalGraphType>>("coalFeedstockTonnes").Description("Coal used as raw material, physical t.").Resolve(c => c.Source.CoalFeedstockTonnes);
        Field<NonNullGraphType<DecimalGraphType>>("co2Tco2e").Description("Gross CO2: scope 1 and location-based scope 2.").Resolve(c => c.Source.Co2Tco2e);
        Field<NonNullGraphType<StringGraphType>>("factorSetId").Description("The factor set of the planned start year.").Resolve(c => c.Source.FactorSetId);
    }
}

public sealed class ProjectFlagsType : ObjectGraphType<ProjectFlags>
{
    public ProjectFlagsType()
    {
        Name = "ProjectFlags";
        Field<NonNullGraphType<BooleanGraphType>>("nationalWindowGuidance").Description("At least 50,000 tce a year: national window guidance.").Resolve(c => c.Source.NationalWindowGuidance);
        Field<NonNullGraphType<BooleanGraphType>>("belowBenchmark").Description("Worse than the benchmark while proposed or under construction: cannot be approved.").Resolve(c => c.Source.BelowBenchmark);
        Field<NonNullGraphType<BooleanGraphType>>("belowBaseline").Description("Worse than the baseline while existing: upgrade within a deadline or exit.").Resolve(c => c.Source.BelowBaseline);
        Field<NonNullGraphType<BooleanGraphType>>("referenceIsDemo").Description("The reference row behind the checks is a demo placeholder, not the published value.").Resolve(c => c.Source.ReferenceIsDemo);
        Field<NonNullGraphType<BooleanGraphType>>("noReference").Description("No reference row for the stated product: the checks could not be made.").Resolve(c => c.Source.NoReference);
    }
}

public sealed class ProjectDocumentsType : ObjectGraphType<ProjectDocuments>
{
    public ProjectDocumentsType()
    {
        Name = "ProjectDocuments";
        Field<StringGraphType>("energyReview").Description("Reference of the energy-saving review (节能审查).").Resolve(c => c.Source.EnergyReview);
        Field<StringGraphType>("carbonEvaluation").Description("Reference of the carbon evaluation (碳排放评价).").Resolve(c => c.Source.CarbonEvaluation);
        Field<StringGraphType>("eia").Description("Reference of the environmental impact assessment (环评).").Resolve(c => c.Source.Eia);
        Field<StringGraphType>("capacityReplacement").Description("Reference of the capacity replacement plan (产能置换).").Resolve(c => c.Source.CapacityReplacement);
    }
}

public sealed class DisposalType : ObjectGraphType<DisposalView>
{
    public DisposalType()
    {
        Name = "Disposal";
        Field<NonNullGraphType<StringGraphType>>("category").Description("The disposal category of the joint-review rules.").Resolve(c => c.Source.Category);
        Field<DateOnlyGraphType>("deadline").Description("The rectification deadline, if any.").Resolve(c => c.Source.Deadline);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MilestoneType>>>>("milestones").Description("Yearly milestones up to the deadline.").Resolve(c => c.Source.Milestones);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("decidedAt").Description("When it was decided.").Resolve(c => c.Source.DecidedAt);
    }
}

public sealed class MilestoneType : ObjectGraphType<MilestoneInput>
{
    public MilestoneType()
    {
        Name = "Milestone";
        Field<NonNullGraphType<DateOnlyGraphType>>("due").Description("When it is due.").Resolve(c => c.Source.Due);
        Field<NonNullGraphType<StringGraphType>>("description").Description("What is to be done.").Resolve(c => c.Source.Description);
    }
}

public sealed class ReviewRoundType : ObjectGraphType<ReviewRoundView>
{
    public ReviewRoundType()
    {
        Name = "ReviewRound";
        Field<NonNullGraphType<IntGraphType>>("number").Description("1 for the first round, and so on.").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<ReviewStatusType>>("status").Description("Open, approved or rejected.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments").Description("The departments asked.").Resolve(c => c.Source.Departments);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SignOffType>>>>("signOffs").Description("Sign-offs in the order they came.").Resolve(c => c.Source.SignOffs);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("openedAt").Description("When the round was opened.").Resolve(c => c.Source.OpenedAt);
    }
}

public sealed class SeparateEnergyType : ObjectGraphType<SeparateEnergyView>
{
    public SeparateEnergyType()
    {
        Name = "SeparateEnergy";
        Description = "A major national project's energy of a year accounted apart from its regions' (能耗单列), as confirmed.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<DecimalGraphType>>("energyTce").Description("The energy confirmed, tce.").Resolve(c => c.Source.EnergyTce);
        Field<NonNullGraphType<StringGraphType>>("reference").Description("The confirmation it rests on.").Resolve(c => c.Source.Reference);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("When it was recorded.").Resolve(c => c.Source.At);
    }
}

public sealed class SignOffType : ObjectGraphType<SignOffView>
{
    public SignOffType()
    {
        Name = "SignOff";
        Field<NonNullGraphType<StringGraphType>>("department").Description("The department code of the joint review.").Resolve(c => c.Source.Department);
        Field<NonNullGraphType<BooleanGraphType>>("approve").Description("Approved (true) or rejected.").Resolve(c => c.Source.Approve);
        Field<NonNullGraphType<StringGraphType>>("comment").Description("The department's comment.").Resolve(c => c.Source.Comment);
        Field<NonNullGraphType<StringGraphType>>("reviewer").Description("Who signed.").Resolve(c => c.Source.Reviewer);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("When.").Resolve(c => c.Source.At);
        Field<StringGraphType>("conditions").Description("The conditions an approval was given on (附条件审批), or null.").Resolve(c => c.Source.Conditions);
    }
}

public sealed class SubstitutionPlanType : ObjectGraphType<SubstitutionPlanView>
{
    public SubstitutionPlanType()
    {
        Name = "SubstitutionPlan";
        Description = "Coal consumption substitution: the counted new coal use × the ratio of the project's city, against verified, achieved sources.";
        Field<NonNullGraphType<SubstitutionStatusType>>("status").Description("Not required (no counted coal), ratio unknown, open (verified sources short) or covered.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DecimalGraphType>>("countedCoalTonnes").Description("Raw coal counted, fuel and feedstock, t.").Resolve(c => c.Source.CountedCoalTonnes);
        Field<DecimalGraphType>("ratio").Description("Null where the rule gives no ratio (a parameter to set, never a default).").Resolve(c => c.Source.Ratio);
        Field<NonNullGraphType<StringGraphType>>("ratioNote").Description("What the rule says of the ratio where the project is.").Resolve(c => c.Source.RatioNote);
        Field<DecimalGraphType>("requiredTonnes").Description("Counted coal × ratio; null where the rule gives no ratio.").Resolve(c => c.Source.RequiredTonnes);
        Field<NonNullGraphType<DecimalGraphType>>("verifiedTonnes").Description("Verified and achieved sources, t.").Resolve(c => c.Source.VerifiedTonnes);
        Field<NonNullGraphType<StringGraphType>>("ruleId").Description("The substitution rule used.").Resolve(c => c.Source.RuleId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubstitutionSourceType>>>>("sources").Description("The sources of the plan.").Resolve(c => c.Source.Sources);
    }
}

public sealed class SubstitutionSourceType : ObjectGraphType<SubstitutionSourceView>
{
    public SubstitutionSourceType()
    {
        Name = "SubstitutionSource";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id.").Resolve(c => c.Source.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("The kind of source in the substitution rule.").Resolve(c => c.Source.Source.Kind);
        Field<NonNullGraphType<IdGraphType>>("originEntityId").Description("The entity the reduction comes from.").Resolve(c => c.Source.Source.OriginEntityId);
        Field<NonNullGraphType<DecimalGraphType>>("tonnes").Description("Raw coal substituted a year, t.").Resolve(c => c.Source.Source.Tonnes);
        Field<DateOnlyGraphType>("date").Description("When the reduction took or takes effect.").Resolve(c => c.Source.Source.Date);
        Field<NonNullGraphType<BooleanGraphType>>("achieved").Description("Whether the reduction is achieved.").Resolve(c => c.Source.Source.Achieved);
        Field<NonNullGraphType<StringGraphType>>("evidence").Description("The evidence of the source (an order, a plan, a report).").Resolve(c => c.Source.Source.Evidence);
        Field<NonNullGraphType<SourceStatusType>>("status").Description("Claimed, verified or revoked.").Resolve(c => c.Source.Status);
        Field<StringGraphType>("note").Description("Why a source was revoked.").Resolve(c => c.Source.Note);
    }
}

public sealed class ProductCapacityInputType : InputObjectGraphType<ProductCapacity>
{
    public ProductCapacityInputType()
    {
        Name = "ProductCapacityInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Product code.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.");
        Field<NonNullGraphType<DecimalGraphType>>("capacity").Description("Annual capacity, in the unit given.");
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The unit of the capacity.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new ProductCapacity((string)value["code"]!, (string)value["name"]!, (decimal)value["capacity"]!, (string)value["unit"]!);
}

public sealed class AnnualUseInputType : InputObjectGraphType<ReportData>
{
    public AnnualUseInputType()
    {
        Name = "AnnualUseInput";
        Description = "A project's new annual use, stated as a year's report would state it.";
        ReportFields.Add(this);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => ReportFields.Data(value);
}

public sealed class RegisterProjectInputType : InputObjectGraphType<ProjectRegistration>
{
    public RegisterProjectInputType()
    {
        Name = "RegisterProjectInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id, the same pattern as entity ids.");
        Field<NonNullGraphType<IdGraphType>>("siteEntityId").Description("The city, zone or park the project is sited in.");
        Field<IdGraphType>("ownerEntityId").Description("The owning enterprise, if registered.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.");
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.");
        Field<NonNullGraphType<StringGraphType>>("sector").Description("Sector code of the two-high catalogue (schema/policy/two-high-catalogue.json).");
        Field<NonNullGraphType<StringGraphType>>("industryCode").Description("GB/T 4754 industry code.");
        Field<ListGraphType<NonNullGraphType<ProductCapacityInputType>>>("products").Description("Products and their capacities.");
        Field<NonNullGraphType<IntGraphType>>("plannedStartYear").Description("The year production is planned to start.");
        Field<NonNullGraphType<AnnualUseInputType>>("annualUse").Description("The new annual energy use, as a year's report would state it.");
        Field<StringGraphType>("unitEnergyProduct").Description("Product code of the efficiency reference table.");
        Field<DecimalGraphType>("unitEnergyValue").Description("Energy per unit of that product, in the table's unit.");
        Field<ProjectStageType>("stage").Description("PROPOSED (default), UNDER_CONSTRUCTION or EXISTING.");
        Field<StringGraphType>("energyReview").Description("Reference of the energy-saving review (节能审查).");
        Field<StringGraphType>("carbonEvaluation").Description("Reference of the carbon evaluation (碳排放评价).");
        Field<StringGraphType>("eia").Description("Reference of the environmental impact assessment (环评).");
        Field<StringGraphType>("capacityReplacement").Description("Reference of the capacity replacement plan (产能置换).");
        Field<BooleanGraphType>("nationalMajor").Description("An approved major national project: a level-1 early warning does not freeze its approval.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new ProjectRegistration
    {
        Id = (string)value["id"]!,
        SiteEntityId = (string)value["siteEntityId"]!,
        OwnerEntityId = Optional<string>(value, "ownerEntityId"),
        Name = (string)value["name"]!,
        NameZh = (string)value["nameZh"]!,
        Sector = (string)value["sector"]!,
        IndustryCode = (string)value["industryCode"]!,
        Products = value.TryGetValue("products", out var products) && products is IEnumerable<object?> list ? [.. list.Cast<ProductCapacity>()] : [],
        PlannedStartYear = (int)value["plannedStartYear"]!,
        AnnualUse = (ReportData)value["annualUse"]!,
        UnitEnergy = Optional<string>(value, "unitEnergyProduct") is { } product && value.TryGetValue("unitEnergyValue", out var v) && v is decimal d ? new UnitEnergyUse(product, d) : null,
        Stage = value.TryGetValue("stage", out var stage) && stage is ProjectStage s ? s : ProjectStage.Proposed,
        Documents = new ProjectDocuments
        {
            EnergyReview = Optional<string>(value, "energyReview"),
            CarbonEvaluation = Optional<string>(value, "carbonEvaluation"),
            Eia = Optional<string>(value, "eia"),
            CapacityReplacement = Optional<string>(value, "capacityReplacement"),
        },
        NationalMajor = value.TryGetValue("nationalMajor", out var major) && major is true,
    };

    private static T? Optional<T>(IDictionary<string, object?> value, string name)
        where T : class => value.TryGetValue(name, out var x) ? x as T : null;
}

public sealed class SubstitutionSourceInputType : InputObjectGraphType<SubstitutionSourceInput>
{
    public SubstitutionSourceInputType()
    {
        Name = "SubstitutionSourceInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id of the source; a source counts for one plan only.");
        Field<NonNullGraphType<StringGraphType>>("kind").Description("closure, capacity_phase_out, fuel_switch, efficiency_retrofit or other (schema/policy/coal-substitution.json).");
        Field<NonNullGraphType<IdGraphType>>("originEntityId").Description("The entity the reduction comes from.");
        Field<NonNullGraphType<DecimalGraphType>>("tonnes").Description("Physical tonnes of coal a year.");
        Field<DateOnlyGraphType>("date").Description("When the reduction took or takes effect.");
        Field<BooleanGraphType>("achieved").Description("Whether the cut has happened (default false: still to come).");
        Field<NonNullGraphType<StringGraphType>>("evidence").Description("The evidence of the source (an order, a plan, a report).");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new SubstitutionSourceInput
    {
        Id = (string)value["id"]!,
        Kind = (string)value["kind"]!,
        OriginEntityId = (string)value["originEntityId"]!,
        Tonnes = (decimal)value["tonnes"]!,
        Date = value.TryGetValue("date", out var date) ? date as DateOnly? : null,
        Achieved = value.TryGetValue("achieved", out var achieved) && achieved is true,
        Evidence = (string)value["evidence"]!,
    };
}

public sealed class MilestoneInputType : InputObjectGraphType<MilestoneInput>
{
    public MilestoneInputType()
    {
        Name = "MilestoneInput";
        Field<NonNullGraphType<DateOnlyGraphType>>("due").Description("When it is due.");
        Field<NonNullGraphType<StringGraphType>>("description").Description("What is to be done.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new MilestoneInput((DateOnly)value["due"]!, (string)value["description"]!);
}

/// <summary>
/// What approved projects that do not produce yet (approved by the joint review, or under
/// construction) will add to an entity's energy, coal and CO2, against its dual-control caps.
/// </summary>
public sealed record ProjectHeadroom(
    int Year,
    IReadOnlyList<ProjectView> Projects,
    decimal EnergyTce,
    decimal CoalTonnes,
    decimal Co2Tco2e,
    decimal? EnergyCapTce,
    decimal? EnergyActualTce,
    decimal? CarbonCapTco2e,
    decimal? CarbonActualTco2e)
{
    public decimal? EnergyRemainingTce => EnergyCapTce - EnergyActualTce - EnergyTce;

    public decimal? CarbonRemainingTco2e => CarbonCapTco2e - CarbonActualTco2e - Co2Tco2e;
}

public sealed class ProjectHeadroomType : ObjectGraphType<ProjectHeadroom>
{
    public ProjectHeadroomType()
    {
        Name = "ProjectHeadroom";
        Description = "Committed headroom: the new annual use of approved projects that do not produce yet (approved by the joint review, or under construction), sited in the entity or its city, against the entity's dual-control caps of the year. Remaining = cap − actual so far − committed; null without a cap.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProjectType>>>>("projects").Description("The approved projects not yet producing that are counted.").Resolve(c => c.Source.Projects);
        Field<NonNullGraphType<DecimalGraphType>>("committedEnergyTce").Description("Their new energy, tce.").Resolve(c => c.Source.EnergyTce);
        Field<NonNullGraphType<DecimalGraphType>>("committedCoalTonnes").Description("Their raw coal, t.").Resolve(c => c.Source.CoalTonnes);
        Field<NonNullGraphType<DecimalGraphType>>("committedCo2Tco2e").Description("Their CO2, tCO2e.").Resolve(c => c.Source.Co2Tco2e);
        Field<DecimalGraphType>("energyCapTce").Description("The year's energy cap, if any.").Resolve(c => c.Source.EnergyCapTce);
        Field<DecimalGraphType>("energyActualTce").Description("Controlled energy so far this year.").Resolve(c => c.Source.EnergyActualTce);
        Field<DecimalGraphType>("energyRemainingTce").Description("Cap − actual so far − committed; null without a cap.").Resolve(c => c.Source.EnergyRemainingTce);
        Field<DecimalGraphType>("carbonCapTco2e").Description("The year's carbon cap, if any.").Resolve(c => c.Source.CarbonCapTco2e);
        Field<DecimalGraphType>("carbonActualTco2e").Description("Gross emissions so far this year.").Resolve(c => c.Source.CarbonActualTco2e);
        Field<DecimalGraphType>("carbonRemainingTco2e").Description("Cap − actual so far − committed; null without a cap.").Resolve(c => c.Source.CarbonRemainingTco2e);
    }
}

/// <summary>The project ledger's queries and mutations, added to the schema's root types.</summary>
internal static class ProjectFields
{
    /// <summary>The entity's committed headroom (see <see cref="ProjectHeadroom"/>).</summary>
    public static void AddEntityFields(ObjectGraphType<EntityRegistration> entity)
    {
        entity.Field<NonNullGraphType<ProjectHeadroomType>>("projectHeadroom").Description("The new energy of approved projects not yet producing, against the year's caps.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c =>
            {
                RequireProjectReader(c);
                var year = c.GetArgument<int>("year");
                var projects = (await ListAsync(c, c.Source.Id, everything: c.Source.ParentId is null))
                    .Where(p => p.Stage == ProjectStage.UnderConstruction || (p.Stage == ProjectStage.Proposed && p.Rounds.Count > 0 && p.Rounds[^1].Status == ReviewStatus.Approved))
                    .ToList();
                var status = await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetDualControl(year));
                return new ProjectHeadroom(
                    year,
                    projects,
                    projects.Sum(p => p.Figures.EnergyTce),
                    projects.Sum(p => p.Figures.CoalFuelTonnes + p.Figures.CoalFeedstockTonnes),
                    projects.Sum(p => p.Figures.Co2Tco2e),
                    status.EnergyTotal?.Cap,
                    status.EnergyTotal?.Actual,
                    status.CarbonTotal?.Cap,
                    status.CarbonTotal?.Actual);
            });
    }

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<ProjectType>("project")
            .Description("A two-high project by id, or null.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                RequireProjectReader(c);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("id")).GetView());
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProjectType>>>>("projects")
            .Description("Two-high projects, oldest first: all of them, or those sited in, belonging to the city of, or owned by an entity (the province lists all), by stage, sector and flag.")
            .Argument<IdGraphType>("entityId")
            .Argument<ProjectStageType>("stage")
            .Argument<StringGraphType>("sector")
            .Argument<ProjectFlagType>("flag")
            .ResolveAsync(async c =>
            {
                RequireProjectReader(c);
                var entityId = c.GetArgument<string?>("entityId");
                var everything = entityId is null || (await Resolvers.Entity(c, entityId).GetInfo())?.Registration.ParentId is null;
                var (stage, sector, flag) = (c.GetArgument<ProjectStage?>("stage"), c.GetArgument<string?>("sector"), c.GetArgument<ProjectFlag?>("flag"));
                return (await ListAsync(c, entityId, everything)).Where(p =>
                    (stage is null || p.Stage == stage)
                    && (sector is null || p.Registration.Sector == sector)
                    && flag switch
                    {
                        ProjectFlag.NationalWindowGuidance => p.Flags.NationalWindowGuidance,
                        ProjectFlag.BelowBenchmark => p.Flags.BelowBenchmark,
                        ProjectFlag.BelowBaseline => p.Flags.BelowBaseline,
                        _ => true,
                    }).ToList();
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ProjectType>>("registerProject").Description("Registers a two-high project in the ledger.")
            .Argument<NonNullGraphType<RegisterProjectInputType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = Provincial(c);
                var registration = c.GetArgument<ProjectRegistration>("input");
                return await Resolvers.Guard(() => Project(c, registration.Id).Register(registration, caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("openReviewRound")
            .Description("Opens a joint review round of the configured departments on a proposed project.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .ResolveAsync(async c =>
            {
                var caller = Provincial(c);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).OpenReviewRound(caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("signOffReview")
            .Description("A reviewer approves or rejects for a department its token carries. Approved when every department approves; any rejection ends the round.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .Argument<NonNullGraphType<StringGraphType>>("department")
            .Argument<NonNullGraphType<BooleanGraphType>>("approve")
            .Argument<NonNullGraphType<StringGraphType>>("comment")
            .Argument<StringGraphType>("conditions", "The conditions an approval is given on (附条件审批). Required of the approval that completes a round where a region of the site gets conditional approvals only (APPROVAL_CONDITIONS_REQUIRED); refused with a rejection (CONDITIONS_ON_REJECTION).")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                var signOff = new SignOffInput(c.GetArgument<string>("department"), c.GetArgument<bool>("approve"), c.GetArgument<string>("comment"), c.GetArgument<string?>("conditions"));
                caller.RequireDepartment(signOff.Department);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).SignOff(signOff, caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("transitionProject")
            .Description("START_CONSTRUCTION (needs an approved review), START_PRODUCTION (needs the substitution verified), REJECT or CLOSE.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .Argument<NonNullGraphType<ProjectTransitionType>>("transition")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var caller = Provincial(c);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).Transition(c.GetArgument<ProjectTransition>("transition"), c.GetArgument<string>("reason"), caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("confirmSeparateEnergy")
            .Description("Records the energy of a year that an approved major national project's regions leave out of their assessment (能耗单列), as confirmed; the latest confirmation of a year counts.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<DecimalGraphType>>("energyTce")
            .Argument<NonNullGraphType<StringGraphType>>("reference", "The confirmation it rests on (document number).")
            .ResolveAsync(async c =>
            {
                var caller = Provincial(c);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).ConfirmSeparateEnergy(c.GetArgument<int>("year"), c.GetArgument<decimal>("energyTce"), c.GetArgument<string>("reference"), caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("setProjectDisposal").Description("Records the disposal decision of a project.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .Argument<NonNullGraphType<StringGraphType>>("category")
            .Argument<DateOnlyGraphType>("deadline")
            .Argument<ListGraphType<NonNullGraphType<MilestoneInputType>>>("milestones")
            .ResolveAsync(async c =>
            {
                var caller = Provincial(c);
                var disposal = new DisposalInput(c.GetArgument<string>("category"), c.GetArgument<DateOnly?>("deadline"), c.GetArgument<List<MilestoneInput>?>("milestones") ?? []);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).SetDisposal(disposal, caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("addSubstitutionSource")
            .Description("Claims a source for the project's coal substitution plan; a source already claimed by another plan is refused.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .Argument<NonNullGraphType<SubstitutionSourceInputType>>("source")
            .ResolveAsync(async c =>
            {
                var caller = Provincial(c);
                var source = c.GetArgument<SubstitutionSourceInput>("source");
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).AddSubstitutionSource(source, caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("verifySubstitutionSource")
            .Description("The energy bureau verifies a source of a plan.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId")
            .Argument<NonNullGraphType<IdGraphType>>("sourceId")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.EnergyBureau);
                return await Resolvers.Guard(() => Project(c, c.GetArgument<string>("projectId")).VerifySubstitutionSource(c.GetArgument<string>("sourceId"), caller.Actor));
            });
        mutation.Field<NonNullGraphType<ProjectType>>("revokeSubstitutionSource")
            .Description("The look-back: the energy bureau revokes a false or double-counted source; the plan that claimed it reopens.")
            .Argument<NonNullGraphType<IdGraphType>>("sourceId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.EnergyBureau);
                var grains = Resolvers.Grains(c);
                var sourceId = c.GetArgument<string>("sourceId");
                return await Resolvers.Guard(async () =>
                {
                    var claimant = await grains.GetGrain<ISubstitutionSourceGrain>(sourceId).Revoke(c.GetArgument<string>("reason"), caller.Actor);
                    return (await Project(c, claimant!).GetView())!;
                });
            });
    }

    /// <summary>Every project (<paramref name="everything"/>), or those sited in, of the city of, or owned by <paramref name="entityId"/>.</summary>
    private static async Task<IEnumerable<ProjectView>> ListAsync(IResolveFieldContext c, string? entityId, bool everything)
    {
        var ids = await Resolvers.Guard(() => Resolvers.Queries(c).GetProjectIds());
        var views = await Task.WhenAll(ids.Select(id => Resolvers.Guard(() => Project(c, id).GetView())));
        return views.OfType<ProjectView>().Where(p =>
            everything || p.Registration.SiteEntityId == entityId || p.CityId == entityId || p.Registration.OwnerEntityId == entityId);
    }

    private static IProjectGrain Project(IResolveFieldContext c, string id)
    {
        if (!EntityIds.IsValid(id))
        {
            throw new ExecutionError($"Project id '{id}' must match {EntityIds.Pattern}.") { Code = Abstractions.Errors.RegistryErrorCode.InvalidEntityId };
        }

        return Resolvers.Grains(c).GetGrain<IProjectGrain>(id);
    }

    private static Caller Provincial(IResolveFieldContext c)
    {
        var caller = Resolvers.Caller(c);
        caller.Require(RegistryRoles.Provincial);
        return caller;
    }

    /// <summary>Projects are the province's business: every role but reporters reads them.</summary>
    private static void RequireProjectReader(IResolveFieldContext c) =>
        Resolvers.Caller(c).Require(RegistryRoles.Provincial, RegistryRoles.Verifier, RegistryRoles.Dashboard, RegistryRoles.Reviewer, RegistryRoles.EnergyBureau);
}
