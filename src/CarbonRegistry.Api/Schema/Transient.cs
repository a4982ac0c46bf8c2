using System.Data.Common;
using CarbonRegistry.Abstractions.Errors;
using GraphQL;

namespace CarbonRegistry.Api.Schema;

/// <summary>
/// Failures of the cluster or the database rather than of the request: a silo died or its grains
/// are moving, a call timed out, the database went away. Requests report them as retriable
/// (writes carry idempotency keys, so a retry is applied once); subscriptions wait for the
/// cluster to heal.
/// </summary>
internal static class Transient
{
    /// <summary>How long a subscription waits for the cluster before it fails.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    private static bool Is(Exception error) => error is OrleansException or TimeoutException;

    /// <summary>
    /// The retriable error a request gets for a failure that is not its own: the cluster
    /// (<c>UNAVAILABLE</c>), or the database failing under a read such as a grain's activation
    /// (<c>STORAGE_UNAVAILABLE</c>: nothing was acknowledged). Null for anything else.
    /// </summary>
    public static ExecutionError? ErrorFor(Exception error) =>
        Is(error) ? Retriable(RegistryErrorCode.Unavailable, "The registry could not reach the entity just now (a silo failed or the cluster is changing).")
        : error is DbException || error.InnerException is DbException ? Retriable(RegistryErrorCode.StorageUnavailable, "The registry's database could not be reached just now; nothing was stored.")
        : null;

    private static ExecutionError Retriable(string code, string what)
    {
        var error = new ExecutionError(what + " Retry; a write with the same idempotency key is applied once.") { Code = code };
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
