namespace CarbonRegistry.Abstractions.Assessment;

/// <summary>A carbon budget of a province or city for a year.</summary>
[GenerateSerializer, Immutable]
public sealed record CarbonBudgetView
{
    /// <summary>The province or city.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>The budget, tCO2e.</summary>
    [Id(1)] public required decimal BudgetTco2e { get; init; }

    /// <summary>Why it was set (the allocation document).</summary>
    [Id(2)] public required string Reason { get; init; }

    /// <summary>Who set it.</summary>
    [Id(3)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(4)] public required DateTimeOffset At { get; init; }
}

/// <summary>A province's carbon budgets for a year: its own and its cities', Σ cities ≤ province.</summary>
[GenerateSerializer, Immutable]
public sealed record CarbonBudgetsView
{
    /// <summary>The province.</summary>
    [Id(0)] public required string ProvinceId { get; init; }

    /// <summary>The year.</summary>
    [Id(1)] public required int Year { get; init; }

    /// <summary>The province's budget, or null before it is set.</summary>
    [Id(2)] public CarbonBudgetView? Province { get; init; }

    /// <summary>Each city's budget.</summary>
    [Id(3)] public IReadOnlyList<CarbonBudgetView> Cities { get; init; } = [];

    /// <summary>Σ of the cities' budgets, tCO2e.</summary>
    public decimal AllocatedTco2e => Cities.Sum(c => c.BudgetTco2e);
}
