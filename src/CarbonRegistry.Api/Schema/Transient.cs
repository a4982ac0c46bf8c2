using System.Data.Common;
using CarbonRegistry.Abstractions.Errors;
using GraphQL;

namespace CarbonRegistry.Api.Schema;

/// <summary>
/// Failures of the cluster rather than of the request: a silo died or its grains are moving, or a
/// call timed out. Requests report them as <c>UNAVAILABLE</c> (retriable: writes carry idempotency
/// keys, so a retry is applied once); subscriptions wait for the cluster to heal.
/// </summary>
internal static class Transient
{
    /// <summary>How long a subscription waits for the cluster before it fails.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static bool Is(Exception error) => error is OrleansException or TimeoutException;

    /// <summary>
    /// The registry's database failed under a read (an outage, a lost connection), for example while
    /// a grain activated: nothing was acknowledged, so the request may be retried.
    /// </summary>
    public static bool IsStorage(Exception error) => error is DbException || error.InnerException is DbException;

    /// <summary>The error a request gets when the database failed under it.</summary>
    public static ExecutionError StorageUnavailable()
    {
        var error = new ExecutionError("The registry's database could not be reached just now; nothing was stored. Retry; a write with the same idempotency key is applied once.")
        {
            Code = RegistryErrorCode.StorageUnavailable,
        };
        error.Data["retriable"] = true;
        return error;
    }

    /// <summary>The error a request gets for a transient failure.</summary>
    public static ExecutionError Unavailable()
    {
        var error = new ExecutionError("The registry could not reach the entity just now (a silo failed or the cluster is changing). Retry; a write with the same idempotency key is applied once.")
        {
            Code = RegistryErrorCode.Unavailable,
        };
        error.Data["retriable"] = true;
        return error;
    }

    /// <summary>Retries the grain calls behind one subscription event while the cluster heals: the subscription pauses rather than fails, so it has no gap.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> action, CancellationToken cancellation)
    {
        var started = DateTime.UtcNow;
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks)))
        {
            try
            {
                return await action();
            }
            catch (Exception error) when (Is(error) && DateTime.UtcNow - started < GiveUpAfter)
            {
                await Task.Delay(delay, cancellation);
            }
        }
    }
}
