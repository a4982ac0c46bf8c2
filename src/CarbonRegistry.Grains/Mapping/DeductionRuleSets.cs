using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Grains.Mapping;

/// <summary>The check a recorded switch of deduction rule set makes, the same for one entity and for a job.</summary>
public static class DeductionRuleSets
{
    /// <summary>Refuses an id no loaded rule set has (<see cref="RegistryErrorCode.UnknownDeductionRuleSet"/>, naming <paramref name="field"/>).</summary>
    public static void RequireLoaded(DeductionRules rules, string ruleSetId, string field)
    {
        if (!rules.IsLoaded(ruleSetId))
        {
            throw new RegistryException(RegistryErrorCode.UnknownDeductionRuleSet, $"No deduction rule set '{ruleSetId}' is loaded ({string.Join(", ", rules.RuleSets.Select(r => r.Id))}).", field);
        }
    }
}
