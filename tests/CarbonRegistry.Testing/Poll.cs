using System.Diagnostics;

namespace CarbonRegistry.Testing;

/// <summary>Waiting for something the system does in its own time (a snapshot written, a socket released).</summary>
public static class Poll
{
    /// <summary>Asks <paramref name="condition"/> every 100 ms until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>. Returns how long it took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what}");
            }

            await Task.Delay(100);
        }

        return clock.Elapsed;
    }
}
