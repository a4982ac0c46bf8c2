using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

public sealed class TargetBindingType : ConstantCaseEnum<TargetBinding>
{
    public TargetBindingType()
    {
        Name = "TargetBinding";
        Description = "Which targets bind the annual assessment (Shanxi's \"flexible annual management\" is not known, so it is set per plan): ANNUAL, the year's targets; PLAN, the plan's path (its reduction times the share of the plan elapsed), with its caps in its last year.";
    }
}

public sealed class IntensityTargetType : ObjectGraphType<IntensityTargetInput>
{
    public IntensityTargetType()
    {
        Name = "IntensityTarget";
        Description = "Reduce the base year's intensity by a fraction.";
        Field<NonNullGraphType<IntGraphType>>("baseYear").Description("The base year.").Resolve(c => c.Source.BaseYear);
        Field<NonNullGraphType<DecimalGraphType>>("baseIntensity").Description("The base year's intensity per 10^4 yuan.").Resolve(c => c.Source.BaseIntensity);
        Field<NonNullGraphType<DecimalGraphType>>("reduction").Description("The basic (binding) reduction, a fraction.").Resolve(c => c.Source.Reduction);
        Field<DecimalGraphType>("incentiveReduction").Description("The higher incentive reduction, or null.").Resolve(c => c.Source.IncentiveReduction);
    }
}

public sealed class PlanTargetsType : ObjectGraphType<PlanTargetsInput>
{
    public PlanTargetsType()
    {
        Name = "PlanTargets";
        Description = "Five-year targets of a national plan period: the caps and intensity reductions of the plan's last year, and which targets bind.";
        Field<NonNullGraphType<IntGraphType>>("fromYear").Description("The plan's first year (2021, 2026, …).").Resolve(c => c.Source.FromYear);
        Field<NonNullGraphType<IntGraphType>>("toYear").Description("The plan's last year.").Resolve(c => c.Source.ToYear);
        Field<NonNullGraphType<TargetBindingType>>("binding").Description("Which targets bind the annual assessment.").Resolve(c => c.Source.Binding);
        Field<DecimalGraphType>("energyCapTce").Description("Cap on the controlled energy of the plan's last year, tce.").Resolve(c => c.Source.Targets.EnergyCapTce);
        Field<IntensityTargetType>("energyIntensity").Description("Energy-intensity reduction by the plan's end.").Resolve(c => c.Source.Targets.EnergyIntensity);
        Field<DecimalGraphType>("carbonCapTco2e").Description("Cap on the gross emissions of the plan's last year, tCO2e.").Resolve(c => c.Source.Targets.CarbonCapTco2e);
        Field<IntensityTargetType>("carbonIntensity").Description("Carbon-intensity reduction by the plan's end.").Resolve(c => c.Source.Targets.CarbonIntensity);
    }
}

/// <summary>Five-year targets as the API receives them.</summary>
public sealed record PlanTargetsRequest(string EntityId, PlanTargetsInput Plan);

public sealed class PlanTargetsInputType : InputObjectGraphType<PlanTargetsRequest>
{
    public PlanTargetsInputType()
    {
        Name = "PlanTargetsInput";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The city, zone or other body.");
        Field<NonNullGraphType<IntGraphType>>("fromYear").Description("The plan's first year: 2021, 2026, … (a plan is five years).");
        Field<TargetBindingType>("binding").Description("Which targets bind the annual assessment; ANNUAL when omitted.");
        TargetFields.Add(this, " of the plan's last year", "reduction by the plan's end, from the year before its first");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        var from = (int)value["fromYear"]!;
        var to = from + PlanTargetsInput.PlanYears - 1;
        return new PlanTargetsRequest((string)value["entityId"]!, new PlanTargetsInput
        {
            FromYear = from,
            ToYear = to,
            Binding = value.TryGetValue("binding", out var binding) && binding is TargetBinding b ? b : TargetBinding.Annual,
            Targets = TargetFields.Parse(value, to),
        });
    }
}

/// <summary>Five-year targets: set by provincial staff, read on the entity and with each year's dual control.</summary>
internal static class PlanTargetFields
{
    public static void AddEntityFields(ObjectGraphType<Abstractions.Entities.EntityRegistration> entity) =>
        entity.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanTargetsType>>>>("planTargets")
            .Description("The five-year targets set, by plan.")
            .ResolveAsync(async c => await Resolvers.ReadAsync(c, c.Source.Id, grain => grain.GetPlanTargets()));

    public static void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DualControlStatusType>>("setPlanTargets")
            .Description("Sets the five-year targets of a plan period (replacing any set before); answers the dual control of the plan's last year.")
            .Argument<NonNullGraphType<PlanTargetsInputType>>("input")
            .ResolveAsync(async c =>
            {
                var request = c.GetArgument<PlanTargetsRequest>("input");
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                return await Resolvers.Guard(() => Resolvers.Entity(c, request.EntityId).SetPlanTargets(request.Plan, caller.Actor));
            });
}
