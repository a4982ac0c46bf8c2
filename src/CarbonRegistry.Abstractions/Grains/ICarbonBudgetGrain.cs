using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// The carbon budgets of one province and its cities for one year, keyed
/// <c>&lt;province id&gt;:&lt;year&gt;</c>. One grain holds them all, so Σ cities ≤ province is checked
/// against every budget at once; each change is a ledger event of the stream
/// <c>budget:&lt;province id&gt;:&lt;year&gt;</c>.
/// </summary>
public interface ICarbonBudgetGrain : IGrainWithStringKey
{
    /// <summary>The budgets as they stand.</summary>
    Task<CarbonBudgetsView> GetBudgets();

    /// <summary>Sets the budget of the province or one of its cities.</summary>
    Task<CarbonBudgetsView> SetBudget(string entityId, decimal budgetTco2e, string reason, Actor actor);
}
