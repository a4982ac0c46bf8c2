using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Errors;

namespace CarbonRegistry.Accounting.Factors;

/// <summary>
/// Every loaded factor set. Current sets (those no other set supersedes) cover disjoint data
/// years, so each year has exactly one default; superseded sets stay available by id so that
/// periods computed with them can still be read and explained.
/// </summary>
public sealed class FactorSetCatalog
{
    private readonly Dictionary<string, FactorSet> _byId;
    private readonly FactorSet[] _current;

    /// <summary>Creates a catalog. Sets must already be validated (see <see cref="FactorSetLoader"/>).</summary>
    public FactorSetCatalog(IEnumerable<FactorSet> sets)
    {
        _byId = sets.ToDictionary(set => set.Id, StringComparer.Ordinal);
        var superseded = _byId.Values.Select(set => set.Supersedes).OfType<string>().ToHashSet(StringComparer.Ordinal);
        _current = [.. _byId.Values.Where(set => !superseded.Contains(set.Id)).OrderBy(set => set.FromYear)];
    }

    /// <summary>
    /// The deduction rule sets by year that go with the factor sets: what a period's controlled
    /// energy and intensity leave out (<see cref="DeductionRules.Unconfigured"/> unless given by
    /// <see cref="WithDeductions"/>).
    /// </summary>
    public DeductionRules Deductions { get; private init; } = DeductionRules.Unconfigured;

    /// <summary>This catalogue with <paramref name="deductions"/>.</summary>
    public FactorSetCatalog WithDeductions(DeductionRules deductions) => new(_byId.Values) { Deductions = deductions };

    /// <summary>All sets, ordered by first year then id.</summary>
    public IEnumerable<FactorSet> All => _byId.Values.OrderBy(set => set.FromYear).ThenBy(set => set.Id, StringComparer.Ordinal);

    /// <summary>Whether no other set supersedes <paramref name="set"/>.</summary>
    public bool IsCurrent(FactorSet set) => _current.Contains(set);

    /// <summary>The current set for a data year, or <see cref="AccountingErrorCode.NoFactorSetForYear"/>.</summary>
    public FactorSet ForYear(int year)
    {
        foreach (var set in _current)
        {
            if (set.Covers(year))
            {
                return set;
            }
        }

        var covered = string.Join(", ", _current.Select(set => $"{set.FromYear}–{set.ToYear}"));
        throw new AccountingException(AccountingErrorCode.NoFactorSetForYear, $"No factor set covers data year {year}. Covered: {covered}.");
    }

    /// <summary>The last data year any set covers.</summary>
    public int LatestYear => All.Max(set => set.ToYear);

    /// <summary>The current set of <see cref="LatestYear"/>: what a template or a list of carriers follows when no set is named.</summary>
    public FactorSet Latest => ForYear(LatestYear);

    /// <summary>The set with <paramref name="id"/>, or <see cref="AccountingErrorCode.UnknownFactorSet"/>.</summary>
    public FactorSet Get(string id) =>
        _byId.TryGetValue(id, out var set)
            ? set
            : throw new AccountingException(AccountingErrorCode.UnknownFactorSet, $"Factor set '{id}' does not exist.");
}
