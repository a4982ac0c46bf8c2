using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Queries;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage.ReadModel;
using Orleans.Concurrency;

namespace CarbonRegistry.Grains.Queries;

/// <summary>Cross-entity reads straight from the read model; stateless, so every silo runs its own copies.</summary>
[StatelessWorker]
public sealed class RegistryQueryGrain(RegistryReader reader, FactorSetCatalog catalog, ProductCatalog products, TimeProvider clock) : Grain, IRegistryQueryGrain
{
    public const int MaxPageSize = 500;

    public async Task<Page<EntityRegistration>> GetEntities(EntityFilter filter, int first, string? after)
    {
        CheckPageSize(first);
        var rows = await reader.EntitiesAsync(filter.Kind?.ToString(), filter.ParentId, filter.Pilot?.ToString(), EntityCursor.Decode(after), first + 1, string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim());
        var items = rows.Take(first).Select(ToRegistration).ToList();
        return new Page<EntityRegistration>
        {
            Items = items,
            HasNextPage = rows.Count > first,
            EndCursor = items.Count > 0 ? EntityCursor.Encode(items[^1].Id) : null,
        };
    }

    public Task<int> CountEntities(EntityFilter filter) =>
        reader.CountEntitiesAsync(filter.Kind?.ToString(), filter.ParentId, filter.Pilot?.ToString(), string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim());

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<EntityRegistration>>> GetChildrenOf(IReadOnlyList<string> parentIds)
    {
        if (parentIds.Count > MaxPageSize)
        {
            throw new RegistryException(RegistryErrorCode.InvalidPage, $"At most {MaxPageSize} parents at once.", "parentIds");
        }

        var children = await reader.ChildrenOfAsync(parentIds);
        return children.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<EntityRegistration>)[.. pair.Value.Select(ToRegistration)]);
    }

    public async Task<IReadOnlyList<ProductionView>> GetProduction(string entityId, int year)
    {
        if (year is < 1990 or > 2100)
        {
            throw new RegistryException(Accounting.Errors.AccountingErrorCode.InvalidPeriod, $"Year {year} is not between 1990 and 2100.", "year");
        }

        var figures = ProductionFigures.Sum(await reader.ProductionAsync(entityId, year));
        return [.. figures.Select(f => products.Find(f.Code) is { } product
            ? new ProductionView
            {
                Code = f.Code,
                Name = product.Name,
                NameZh = product.NameZh,
                Unit = product.Unit,
                Quantity = f.Quantity,
                AttributedQuantity = f.AttributedQuantity,
                AttributedTco2e = f.AttributedTco2e,
                Tco2ePerUnit = f.Tco2ePerUnit,
                Reporters = f.Reporters,
            }
            : throw new InvalidOperationException($"Product '{f.Code}' was recorded but is no longer in the product catalogue {products.Id}; a catalogue may add products, never drop them."))];
    }

    public async Task<FilingStatusView> GetFilingStatus(string entityId, int year, int month)
    {
        if (month is < 1 or > 12 || year is < 1990 or > 2100)
        {
            throw new RegistryException(Accounting.Errors.AccountingErrorCode.InvalidPeriod, $"{year}-{month} is not a month between 1990 and 2100.", "month");
        }

        // A month can be reported from midnight China time after it ends.
        var end = new DateTimeOffset(year, month, 1, 0, 0, 0, ChinaTime.Offset).AddMonths(1);
        var rows = await reader.FilingAsync(entityId, year, month);
        return new FilingStatusView
        {
            Year = year,
            Month = month,
            Due = clock.GetUtcNow() >= end,
            Filed = [.. rows.Where(r => r.Filed).Select(r => ToRegistration(r.Entity))],
            NotFiled = [.. rows.Where(r => !r.Filed).Select(r => ToRegistration(r.Entity))],
        };
    }

    public async Task<IReadOnlyList<string>> GetProjectIds() =>
        [.. (await reader.StreamsStartedWithAsync(nameof(Ledger.ProjectRegistered))).Select(Abstractions.Ledger.LedgerStreamNames.ProjectId)];

    public async Task<HistoryPage> GetHistory(string entityId, int first, long afterSequence)
    {
        CheckPageSize(first);
        var events = await reader.EntityHistoryAsync(entityId, afterSequence, first + 1);
        return new HistoryPage { Events = [.. events.Take(first)], HasNextPage = events.Count > first, TotalCount = await reader.StreamLengthAsync(entityId) };
    }

    public async Task<IReadOnlyList<RankingRow>> GetRanking(int year, RankingMetric metric, EntityKind? kind, int first, int afterRank = 0)
    {
        CheckPageSize(first);
        if (afterRank < 0)
        {
            throw new RegistryException(RegistryErrorCode.InvalidPage, "The cursor was not issued by this registry.", "after");
        }

        var scored = new List<(EntityRecord Entity, BalanceView View, decimal Value)>();
        var switches = await reader.DeductionSwitchesAsync(year);
        foreach (var (entity, row) in await reader.AnnualTotalsAsync(year, kind?.ToString()))
        {
            var view = BalanceMapping.ToView(entity.Id, year.ToString(System.Globalization.CultureInfo.InvariantCulture), BalanceScope.Total, row.Components, row.RowVersion, Deductions(switches, entity.Id, year));
            if (Metric(view, metric) is { } value)
            {
                scored.Add((entity, view, value));
            }
        }

        return [.. scored
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.Entity.Id, StringComparer.Ordinal)
            .Skip(afterRank)
            .Take(first)
            .Select((s, i) => new RankingRow(afterRank + i + 1, ToRegistration(s.Entity), s.Value, s.View))];
    }

    public async Task<BalanceView> GetStoredBalance(string entityId, int year, int? month, BalanceScope scope)
    {
        var row = await reader.BalanceRowAsync(entityId, year, month ?? 0, scope);
        var period = month is { } m ? $"{year:D4}-{m:D2}" : year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var deductions = Deductions(await reader.DeductionSwitchesAsync(year, entityId), entityId, year);
        return BalanceMapping.ToView(entityId, period, scope, row?.Components ?? BalanceComponents.Zero, row?.RowVersion ?? 0, deductions);
    }

    /// <summary>The deduction rules of an entity's year: the loaded ones with the year's recorded switch, if any.</summary>
    private DeductionRules Deductions(IReadOnlyDictionary<string, string> switches, string entityId, int year) =>
        switches.TryGetValue(entityId, out var ruleSetId) ? catalog.Deductions.WithPins(new Dictionary<int, string> { [year] = ruleSetId }) : catalog.Deductions;

    public Task<IReadOnlyList<FactorSetView>> GetFactorSets() =>
        Task.FromResult<IReadOnlyList<FactorSetView>>([.. catalog.All.Select(set => new FactorSetView
        {
            Id = set.Id,
            Title = set.Title,
            FromYear = set.FromYear,
            ToYear = set.ToYear,
            Status = set.Status.ToString(),
            Supersedes = set.Supersedes,
            Current = catalog.IsCurrent(set),
            GwpSet = set.GwpSet,
            NationalGridFactor = set.GridFactor(GridRegion.National).Value,
            NationalGridFactorSource = set.GridFactor(GridRegion.National).Source,
        })]);

    internal static decimal? Metric(BalanceView view, RankingMetric metric) => metric switch
    {
        RankingMetric.EnergyTce => view.EnergyTce,
        RankingMetric.ControlledEnergyTce => view.ControlledEnergyTce,
        RankingMetric.GrossTco2e => view.GrossTco2e,
        RankingMetric.NetTco2e => view.NetTco2e,
        RankingMetric.EnergyIntensity => view.EnergyIntensity,
        RankingMetric.CarbonIntensity => view.CarbonIntensity,
        RankingMetric.CarbonPerEnergy => view.CarbonPerEnergy,
        RankingMetric.CleanEnergyShare => view.CleanEnergyShare,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown ranking metric."),
    };

    private static void CheckPageSize(int first)
    {
        if (first is < 1 or > MaxPageSize)
        {
            throw new RegistryException(RegistryErrorCode.InvalidPage, $"first must be between 1 and {MaxPageSize}.", "first");
        }
    }

    private static EntityRegistration ToRegistration(EntityRecord e) => new()
    {
        Id = e.Id,
        Kind = Enum.Parse<EntityKind>(e.Kind),
        Name = e.Name,
        NameZh = e.NameZh,
        ParentId = e.ParentId,
        Pilots = [.. e.Pilots.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<PilotProgram>)],
        BaseYear = e.BaseYear,
        GridRegion = e.GridRegion,
    };
}
