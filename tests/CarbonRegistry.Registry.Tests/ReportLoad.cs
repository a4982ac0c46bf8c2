using System.Collections.Concurrent;
using System.Diagnostics;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Six clients filing every month of their mines over HTTP; a failed request is retried, same
/// key, on the next silo. Records what each client saw, and checks the ledger afterwards.
/// </summary>
internal sealed class ReportLoad(HttpClient?[] clients, string minePrefix, int mines, int months)
{
    private readonly HttpClient?[] _clients = clients;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<string> _errors = [];
    private int _gaveUp;
    private long _paceTicks;

    public ConcurrentDictionary<string, long> Acknowledged { get; } = new();

    public int Total => mines * months;

    public IEnumerable<string> Errors => _errors;

    public IEnumerable<string> NotRetriable => _errors.Where(code => code.StartsWith("NOT RETRIABLE", StringComparison.Ordinal));

    public int GaveUp => _gaveUp;

    /// <summary>Each acknowledged request: when it was sent and when it was answered, from the start of the load.</summary>
    public ConcurrentBag<(TimeSpan SentAt, TimeSpan AcknowledgedAt)> Acknowledgements { get; } = [];

    /// <summary>How long each client waits after an acknowledgement before its next report (zero: none), so a load can be made to last.</summary>
    public TimeSpan Pace
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _paceTicks));
        set => Interlocked.Exchange(ref _paceTicks, value.Ticks);
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Sends to another silo from now on; null sends nothing there.</summary>
    public void Replace(int index, HttpClient? client) => Volatile.Write(ref _clients[index], client);

    public string Describe() =>
        string.Join(", ", _errors.GroupBy(code => code).Select(group => $"{group.Key} × {group.Count()}"));

    public async Task UntilAcknowledgedAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (Acknowledged.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Acknowledged.Count} reports acknowledged");
            await Task.Delay(50);
        }
    }

    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
    {
        for (var m = worker; m < mines; m += 6)
        {
            for (var i = 0; i < months; i++)
            {
                var (id, year, month) = ($"{minePrefix}-{m}", 2024 + (i / 12), (i % 12) + 1);
                for (var attempt = 0; ; attempt++)
                {
                    if (attempt == 400)
                    {
                        Interlocked.Increment(ref _gaveUp);
                        break;
                    }

                    if (Volatile.Read(ref _clients[(worker + attempt) % _clients.Length]) is not { } client)
                    {
                        continue;
                    }

                    var sentAt = _clock.Elapsed;
                    var outcome = await RegistryHttp.SubmitAsync(client, id, year, month);
                    if (outcome.Sequence is long sequence)
                    {
                        Acknowledged[$"{id}/{year}-{month}"] = sequence;
                        Acknowledgements.Add((sentAt, _clock.Elapsed));
                        if (Pace > TimeSpan.Zero)
                        {
                            await Task.Delay(Pace);
                        }

                        break;
                    }

                    _errors.Add(outcome.ErrorCode is null ? "transport" : outcome.Retriable ? outcome.ErrorCode : "NOT RETRIABLE " + outcome.ErrorCode);
                    await Task.Delay(100);
                }
            }
        }
    })));

    /// <summary>
    /// Every acknowledged report is in the ledger, once, with the sequence its client was given, and
    /// nothing else was filed; returns the reports.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEventView>> AssertDurableOnceAsync(string connectionString)
    {
        await using var database = RegistryDatabase.Create(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString });
        var reports = (await new RegistryReader(database).EventsAfterAsync(0, int.MaxValue)).Where(e => e.Type == "ReportSubmitted").ToList();
        Assert.Equal(0, GaveUp);
        Assert.Empty(NotRetriable);
        Assert.Equal(Total, Acknowledged.Count);
        Assert.Equal(Total, reports.Count);
        Assert.Equal(reports.Count, reports.Select(e => (e.EntityId, e.IdempotencyKey)).Distinct().Count());
        Assert.Equal(Acknowledged.Values.Order(), reports.Select(e => e.Sequence).Order());
        return reports;
    }
}
