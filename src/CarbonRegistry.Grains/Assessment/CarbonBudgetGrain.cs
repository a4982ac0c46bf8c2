using System.Globalization;
using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Grains.Assessment;

/// <summary>
/// One province's carbon budgets of one year. It replays its stream on activation; a budget is
/// checked against all the others it holds (Σ cities ≤ province) and committed to the ledger
/// before it counts.
/// </summary>
public sealed class CarbonBudgetGrain(LedgerWriter writer, RegistryReader reader, TimeProvider clock) : Grain, ICarbonBudgetGrain
{
    private const int MaxReason = 2_000;
    private readonly Dictionary<string, CarbonBudgetView> _budgets = new(StringComparer.Ordinal);
    private string _province = "";
    private int _year;
    private long _version;

    private string Stream => LedgerStreamNames.Budget(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var colon = key.LastIndexOf(':');
        (_province, _year) = (key[..colon], int.Parse(key[(colon + 1)..], CultureInfo.InvariantCulture));
        foreach (var stored in await reader.EntityEventsAsync(Stream, 0, cancellationToken))
        {
            Apply((CarbonBudgetSet)LedgerEvent.FromJson(stored.Payload), stored.Version, stored.Actor, stored.RecordedAt);
        }
    }

    public Task<CarbonBudgetsView> GetBudgets() => Task.FromResult(View());

    public async Task<CarbonBudgetsView> SetBudget(string entityId, decimal budgetTco2e, string reason, Actor actor)
    {
        var entity = (await GrainFactory.GetGrain<IEntityGrain>(entityId).GetInfo())?.Registration
            ?? throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{entityId}' is not registered.", "entityId");
        var isProvince = entity.Id == _province && entity.Kind == EntityKind.Province;
        if (!isProvince && !(entity.Kind == EntityKind.City && entity.ParentId == _province))
        {
            throw new RegistryException(RegistryErrorCode.NotBudgeted, $"'{entityId}' is a {entity.Kind}: carbon budgets are set for province '{_province}' and its cities.", "entityId");
        }

        if (budgetTco2e <= 0m)
        {
            throw new RegistryException(AccountingErrorCode.InvalidQuantity, "A carbon budget is greater than zero.", "budgetTco2e");
        }

        LedgerText.Require(reason, "reason", MaxReason);
        var province = _budgets.GetValueOrDefault(_province);
        var cities = _budgets.Values.Where(b => b.EntityId != _province && b.EntityId != entityId).Sum(b => b.BudgetTco2e);
        if (isProvince && budgetTco2e < cities)
        {
            throw new RegistryException(RegistryErrorCode.BudgetExceedsProvince, $"The cities' budgets add up to {cities} tCO2e, more than {budgetTco2e} for the province.", "budgetTco2e");
        }

        if (!isProvince && province is null)
        {
            throw new RegistryException(RegistryErrorCode.ProvinceBudgetMissing, $"Set the budget of '{_province}' for {_year} before its cities'.", "entityId");
        }

        if (!isProvince && cities + budgetTco2e > province!.BudgetTco2e)
        {
            throw new RegistryException(RegistryErrorCode.BudgetExceedsProvince, $"With {budgetTco2e} tCO2e for '{entityId}', the cities' budgets would add up to {cities + budgetTco2e}, more than the province's {province.BudgetTco2e}.", "budgetTco2e");
        }

        if (_budgets.GetValueOrDefault(entityId) is { } earlier && earlier.BudgetTco2e == budgetTco2e && earlier.Reason == reason.Trim())
        {
            return View();
        }

        var ledgerEvent = new CarbonBudgetSet(entityId, budgetTco2e, reason.Trim());
        var at = LedgerStreams.Now(clock);
        await LedgerStreams.CommitOrDeactivateAsync(this, writer, Stream, _version + 1, ledgerEvent, at, actor);

        Apply(ledgerEvent, _version + 1, actor.ToString(), at);
        return View();
    }

    private void Apply(CarbonBudgetSet e, long version, string actor, DateTimeOffset at)
    {
        _budgets[e.EntityId] = new CarbonBudgetView { EntityId = e.EntityId, BudgetTco2e = e.BudgetTco2e, Reason = e.Reason, Actor = actor, At = at };
        _version = version;
    }

    private CarbonBudgetsView View() => new()
    {
        ProvinceId = _province,
        Year = _year,
        Province = _budgets.GetValueOrDefault(_province),
        Cities = [.. _budgets.Values.Where(b => b.EntityId != _province).OrderBy(b => b.EntityId, StringComparer.Ordinal)],
    };
}
