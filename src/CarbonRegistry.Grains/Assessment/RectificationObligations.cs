using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Accounting.Assessment;

namespace CarbonRegistry.Grains.Assessment;

/// <summary>
/// The rectification reports regions owe after an assessment's published grades: imposed by the
/// first publication whose complete result has a grade that requires one (due the grade's months
/// later, China time; an incomplete result, without targets or judgements, imposes nothing), then
/// submitted, or found overdue by the grain's daily check.
/// </summary>
public sealed class RectificationObligations
{
    private readonly Dictionary<string, ObligationView> _byEntity = new(StringComparer.Ordinal);

    /// <summary>Every obligation, by region.</summary>
    public IReadOnlyList<ObligationView> All => [.. _byEntity.Values.OrderBy(o => o.EntityId, StringComparer.Ordinal)];

    /// <summary>Whether any is still open (the daily check is needed).</summary>
    public bool AnyOpen => _byEntity.Values.Any(o => o.Status == ObligationStatus.Open);

    /// <summary>The obligation of <paramref name="entityId"/>, or null.</summary>
    public ObligationView? Of(string entityId) => _byEntity.GetValueOrDefault(entityId);

    /// <summary>The obligations a publication at <paramref name="at"/> imposes on regions that do not owe one yet.</summary>
    public void Impose(AssessmentScheme scheme, int version, IEnumerable<(string EntityId, string Grade, bool Complete)> results, DateTimeOffset at)
    {
        var day = ChinaTime.Day(at);
        foreach (var (entityId, grade, complete) in results)
        {
            if (complete && scheme.Grades.FirstOrDefault(g => g.Code == grade)?.Consequences?.RectificationReportMonths is { } months && !_byEntity.ContainsKey(entityId))
            {
                _byEntity[entityId] = new ObligationView { EntityId = entityId, Version = version, Grade = grade, Due = day.AddMonths(months), Status = ObligationStatus.Open };
            }
        }
    }

    /// <summary>Records a submitted report.</summary>
    public void Submitted(string entityId, string reference, DateTimeOffset at) =>
        _byEntity[entityId] = _byEntity[entityId] with { Status = ObligationStatus.Submitted, Reference = reference, SubmittedAt = at };

    /// <summary>Records that a report passed its due date unsubmitted.</summary>
    public void Overdue(string entityId) => _byEntity[entityId] = _byEntity[entityId] with { Status = ObligationStatus.Overdue };

    /// <summary>Open obligations whose last day is before <paramref name="now"/>'s date in China.</summary>
    public IReadOnlyList<ObligationView> PastDue(DateTimeOffset now)
    {
        var today = ChinaTime.Day(now);
        return [.. _byEntity.Values.Where(o => o.Status == ObligationStatus.Open && o.Due < today).OrderBy(o => o.EntityId, StringComparer.Ordinal)];
    }
}
