namespace CarbonRegistry.Abstractions.Reports;

/// <summary>Submit the first version of a month's report.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmitReport
{
    /// <summary>Year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>Month, 1–12.</summary>
    [Id(1)] public required int Month { get; init; }

    /// <summary>Chosen by the client; a retry with the same key and content returns the first result.</summary>
    [Id(2)] public required string IdempotencyKey { get; init; }

    /// <summary>The report.</summary>
    [Id(3)] public required ReportData Data { get; init; }
}

/// <summary>Replace a month's report with a new version; the old versions stay readable.</summary>
[GenerateSerializer, Immutable]
public sealed record AmendReport
{
    /// <summary>Year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>Month, 1–12.</summary>
    [Id(1)] public required int Month { get; init; }

    /// <summary>Chosen by the client; a retry with the same key and content returns the first result.</summary>
    [Id(2)] public required string IdempotencyKey { get; init; }

    /// <summary>Why the report is corrected (required).</summary>
    [Id(3)] public required string Reason { get; init; }

    /// <summary>The corrected report, complete.</summary>
    [Id(4)] public required ReportData Data { get; init; }
}

/// <summary>Who did something, for the audit trail.</summary>
/// <param name="Subject">User or service id.</param>
/// <param name="Role">Role under which it acted.</param>
[GenerateSerializer, Immutable]
public sealed record Actor([property: Id(0)] string Subject, [property: Id(1)] string Role)
{
    /// <summary>The registry itself (demo seeding, system tasks).</summary>
    public static Actor System { get; } = new("system", "admin");

    /// <inheritdoc />
    public override string ToString() => $"{Subject} ({Role})";
}

/// <summary>A flag raised on an accepted report, for review (not an error).</summary>
/// <param name="Code">Stable code, e.g. <c>UNUSUAL_VALUE</c>.</param>
/// <param name="Message">What looks odd.</param>
/// <param name="Field">The figure concerned.</param>
[GenerateSerializer, Immutable]
public sealed record ValidationWarning([property: Id(0)] string Code, [property: Id(1)] string Message, [property: Id(2)] string? Field);

/// <summary>The outcome of a submission or amendment.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportResult
{
    /// <summary>The entity.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>Year.</summary>
    [Id(1)] public required int Year { get; init; }

    /// <summary>Month.</summary>
    [Id(2)] public required int Month { get; init; }

    /// <summary>Version of the month's report (1 for the first submission).</summary>
    [Id(3)] public required int ReportVersion { get; init; }

    /// <summary>Global ledger sequence of the event that recorded it.</summary>
    [Id(4)] public required long Sequence { get; init; }

    /// <summary>The month's balance as computed.</summary>
    [Id(5)] public required Balances.BalanceView Balance { get; init; }

    /// <summary>Flags for review.</summary>
    [Id(6)] public IReadOnlyList<ValidationWarning> Warnings { get; init; } = [];

    /// <summary>True when this is the stored result of an earlier identical request.</summary>
    [Id(7)] public bool Replayed { get; init; }
}

/// <summary>One stored version of a month's report.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportVersion
{
    /// <summary>Version number, from 1.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>The report as filed.</summary>
    [Id(1)] public required ReportData Data { get; init; }

    /// <summary>Reason of an amendment; null for the first version.</summary>
    [Id(2)] public string? Reason { get; init; }

    /// <summary>Ledger sequence of the event.</summary>
    [Id(3)] public required long Sequence { get; init; }

    /// <summary>Who filed it.</summary>
    [Id(4)] public required Actor Actor { get; init; }

    /// <summary>When.</summary>
    [Id(5)] public required DateTimeOffset RecordedAt { get; init; }
}
