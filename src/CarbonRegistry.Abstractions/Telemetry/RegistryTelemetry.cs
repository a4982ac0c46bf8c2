using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CarbonRegistry.Abstractions.Telemetry;

/// <summary>
/// The registry's own metrics and traces (meter and activity source <c>CarbonRegistry</c>), beside
/// those of ASP.NET Core, Npgsql and Orleans. Served at <c>/metrics</c> for Prometheus and sent by
/// OTLP when an endpoint is configured.
/// </summary>
public static class RegistryTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "CarbonRegistry";

    /// <summary>The registry's meter.</summary>
    public static readonly Meter Meter = new(Name, "1.0");

    /// <summary>The registry's activity source.</summary>
    public static readonly ActivitySource ActivitySource = new(Name, "1.0");

    /// <summary>Reports accepted through the API, tagged <c>operation</c> (submit, amend).</summary>
    public static readonly Counter<long> ReportsAccepted = Meter.CreateCounter<long>("registry.reports.accepted", "{report}", "Reports accepted through the API.");

    /// <summary>Reports refused through the API, tagged <c>operation</c> and the stable error <c>code</c>.</summary>
    public static readonly Counter<long> ReportsRejected = Meter.CreateCounter<long>("registry.reports.rejected", "{report}", "Reports refused through the API, by error code.");

    /// <summary>Time to write one group of ledger commits (the acknowledgement waits for it).</summary>
    public static readonly Histogram<double> LedgerCommitDuration = Meter.CreateHistogram<double>("registry.ledger.commit.duration", "s", "Time to write one ledger transaction (a group of commits).");

    /// <summary>How many commits one ledger transaction carried.</summary>
    public static readonly Histogram<long> LedgerCommitSize = Meter.CreateHistogram<long>("registry.ledger.commit.size", "{commit}", "Commits per ledger transaction.");

    /// <summary>Rows written through PostgreSQL's binary COPY (the bulk path), by table (ledger or balances).</summary>
    public static readonly Counter<long> LedgerCopiedRows = Meter.CreateCounter<long>("registry.ledger.copied_rows", "{row}", "Rows written through PostgreSQL's binary COPY, by table.");

    /// <summary>Open GraphQL WebSocket connections.</summary>
    public static readonly UpDownCounter<long> WebSocketConnections = Meter.CreateUpDownCounter<long>("registry.websocket.connections", "{connection}", "Open GraphQL WebSocket connections.");

    /// <summary>Running subscriptions (and other operations) on GraphQL WebSockets.</summary>
    public static readonly UpDownCounter<long> Subscriptions = Meter.CreateUpDownCounter<long>("registry.subscriptions.active", "{subscription}", "Running GraphQL subscriptions.");
}
