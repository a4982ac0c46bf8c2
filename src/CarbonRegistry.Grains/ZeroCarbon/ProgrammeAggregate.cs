using System.Globalization;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.ZeroCarbon;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.ZeroCarbon;
using CarbonRegistry.Grains.Ledger;

namespace CarbonRegistry.Grains.ZeroCarbon;

/// <summary>What a programme command decided: the event to commit, or none when the record is already as asked.</summary>
/// <param name="Event">The event, or null.</param>
/// <param name="At">When the decision was taken (the event's recorded time).</param>
public sealed record ProgrammeDecision(LedgerEvent? Event, DateTimeOffset At)
{
    /// <summary>The command changes nothing.</summary>
    public static ProgrammeDecision Unchanged { get; } = new(null, default);
}

/// <summary>
/// The rules of one entity's record in one zero-carbon programme, in the entity aggregate's shape:
/// commands decide (checking everything, writing nothing) and <see cref="Apply"/> folds a committed
/// event. Thresholds and which indicators may be entered or waived come from the programme's
/// versioned rules; whether a step of acceptance may be taken comes from the year's assessment,
/// which the shell computes from the entity's balance and passes in.
/// </summary>
public sealed class ProgrammeAggregate(string entityId, ZeroCarbonProgramme programme, TimeProvider clock)
{
    private const int MaxText = 500;
    private readonly SortedDictionary<int, Year> _years = [];

    /// <summary>The stream's last version.</summary>
    public long Version { get; private set; }

    /// <summary>The programme's rules.</summary>
    public ZeroCarbonProgramme Programme => programme;

    /// <summary>The record as served.</summary>
    public ProgrammeRecordView View() => new()
    {
        EntityId = entityId,
        Programme = programme.Code,
        Years = [.. _years.Select(y => new ProgrammeYearView
        {
            Year = y.Key,
            Entered = [.. y.Value.Entered.Values],
            Waivers = [.. y.Value.Waivers.Values],
            Acceptance = [.. y.Value.Acceptance],
        })],
    };

    /// <summary>The inputs of <paramref name="year"/> for the assessor.</summary>
    public ProgrammeInputs Inputs(int year) => View().Year(year)?.ToInputs() ?? ProgrammeInputs.None;

    /// <summary>Enters <paramref name="value"/> for an indicator the balance does not hold.</summary>
    public ProgrammeDecision Enter(int year, string indicatorCode, decimal value, string source)
    {
        var indicator = OpenIndicator(year, indicatorCode);
        if (!indicator.IsEntered)
        {
            throw new RegistryException(RegistryErrorCode.IndicatorComputed, $"'{indicatorCode}' is computed from the balance ({indicator.Measure}); it cannot be entered.", "indicator");
        }

        LedgerText.Require(source, "source", MaxText);
        var valid = indicator.Unit switch
        {
            "share" => value is >= 0m and <= 1m,
            "flag" => value is 0m or 1m,
            _ => value >= 0m,
        };
        if (!valid)
        {
            var expected = indicator.Unit switch { "share" => "a share from 0 to 1", "flag" => "1 (yes) or 0 (no)", _ => "not negative" };
            throw new RegistryException(AccountingErrorCode.InvalidQuantity, $"'{indicatorCode}' is {expected}; {value.ToString(CultureInfo.InvariantCulture)} is not.", "value");
        }

        var trimmed = source.Trim();
        return _years.GetValueOrDefault(year)?.Entered.GetValueOrDefault(indicatorCode) is { } earlier && earlier.Value == value && earlier.Source == trimmed
            ? ProgrammeDecision.Unchanged
            : new ProgrammeDecision(new ProgrammeIndicatorEntered(year, indicatorCode, value, trimmed), Now());
    }

    /// <summary>Waives a guiding indicator for a year; a core indicator is a hard gate.</summary>
    public ProgrammeDecision Waive(int year, string indicatorCode, string reason)
    {
        var indicator = OpenIndicator(year, indicatorCode);
        if (indicator.Core)
        {
            throw new RegistryException(RegistryErrorCode.CoreIndicatorNotWaivable, $"'{indicatorCode}' is the core indicator of {programme.Code}, a hard gate for acceptance; it cannot be waived.", "indicator");
        }

        LedgerText.Require(reason, "reason", MaxText);
        var trimmed = reason.Trim();
        return _years.GetValueOrDefault(year)?.Waivers.GetValueOrDefault(indicatorCode)?.Reason == trimmed
            ? ProgrammeDecision.Unchanged
            : new ProgrammeDecision(new ProgrammeIndicatorWaived(year, indicatorCode, trimmed), Now());
    }

    /// <summary>
    /// Takes a step of acceptance for <paramref name="year"/> on <paramref name="assessment"/> (the
    /// year's indicators with this record's entries and waivers): every core indicator met, every
    /// guiding one met or waived, and the steps before it taken. Repeating the last step with the
    /// same reference changes nothing.
    /// </summary>
    public ProgrammeDecision Accept(int year, AcceptanceStep step, string reference, ProgrammeResult assessment)
    {
        CheckYear(year);
        if (programme.Acceptance is not { } rule || !rule.Steps.Contains(step))
        {
            throw new RegistryException(RegistryErrorCode.AcceptanceNotDefined, $"{programme.Code} has no acceptance step {step} in the rules the registry holds.", "step");
        }

        LedgerText.Require(reference, "reference", MaxText);
        var taken = _years.GetValueOrDefault(year)?.Acceptance ?? [];
        if (taken.Count > 0 && taken[^1].Step == step && taken[^1].Reference == reference.Trim())
        {
            return ProgrammeDecision.Unchanged;
        }

        var index = rule.Steps.ToList().IndexOf(step);
        if (index != taken.Count)
        {
            var expected = taken.Count < rule.Steps.Count ? rule.Steps[taken.Count].ToString() : "none (every step is taken)";
            throw new RegistryException(RegistryErrorCode.AcceptanceOutOfOrder, $"{year} of {programme.Code} for '{entityId}': the next step is {expected}, not {step}.", "step");
        }

        var blockers = ZeroCarbonAssessor.AcceptanceBlockers(assessment);
        if (blockers.Count > 0)
        {
            var list = string.Join(", ", blockers.Select(b => $"{b.Indicator.Code} ({b.Status})"));
            throw new RegistryException(RegistryErrorCode.AcceptanceGateNotMet, $"{year} of {programme.Code} for '{entityId}' cannot be {step}: core indicators must be met and guiding ones met or waived; {list}.", "year");
        }

        var core = assessment.Indicators.Where(i => i.Indicator.Core && i.Value is not null).ToDictionary(i => i.Indicator.Code, i => i.Value!.Value);
        return new ProgrammeDecision(new ProgrammeAcceptanceRecorded(year, step.ToString(), reference.Trim(), core), Now());
    }

    /// <summary>Folds a committed event of the stream.</summary>
    public void Apply(LedgerEvent ledgerEvent, long version, string actor, DateTimeOffset at)
    {
        switch (ledgerEvent)
        {
            case ProgrammeIndicatorEntered e:
                YearOf(e.Year).Entered[e.Indicator] = new EnteredIndicatorView { Indicator = e.Indicator, Value = e.Value, Source = e.Source, Actor = actor, At = at };
                break;
            case ProgrammeIndicatorWaived e:
                YearOf(e.Year).Waivers[e.Indicator] = new IndicatorWaiverView { Indicator = e.Indicator, Reason = e.Reason, Actor = actor, At = at };
                break;
            case ProgrammeAcceptanceRecorded e:
                YearOf(e.Year).Acceptance.Add(new AcceptanceView { Step = LedgerNames.Parse<AcceptanceStep>(e.Step, "step"), Reference = e.Reference, CoreValues = e.CoreValues, Actor = actor, At = at });
                break;
            default:
                throw new InvalidOperationException($"A {ledgerEvent.Type} event is not a programme event.");
        }

        Version = version;
    }

    private ZeroCarbonIndicator OpenIndicator(int year, string code)
    {
        CheckYear(year);
        var indicator = programme.Indicator(code)
            ?? throw new RegistryException(RegistryErrorCode.UnknownIndicator, $"{programme.Code} has no indicator '{code}' ({string.Join(", ", programme.Indicators.Select(i => i.Code))}).", "indicator");
        if (_years.GetValueOrDefault(year)?.Acceptance.Count > 0)
        {
            throw new RegistryException(RegistryErrorCode.ProgrammeYearClosed, $"{year} of {programme.Code} for '{entityId}' has an acceptance step taken; its entries and waivers are closed.", "year");
        }

        return indicator;
    }

    private static void CheckYear(int year)
    {
        if (year is < 1990 or > 2100)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Year {year} is not between 1990 and 2100.", "year");
        }
    }

    private Year YearOf(int year) => _years.TryGetValue(year, out var record) ? record : _years[year] = new Year();

    /// <summary>Now, to the microsecond (see <see cref="LedgerStreams.Now"/>).</summary>
    private DateTimeOffset Now() => LedgerStreams.Now(clock);

    private sealed class Year
    {
        public Dictionary<string, EnteredIndicatorView> Entered { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IndicatorWaiverView> Waivers { get; } = new(StringComparer.Ordinal);

        public List<AcceptanceView> Acceptance { get; } = [];
    }
}
