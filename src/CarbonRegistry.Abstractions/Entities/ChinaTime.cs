namespace CarbonRegistry.Abstractions.Entities;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving), in which reporting months, due days and the
/// "current year" of the rules are counted, whatever the server's own zone.
/// </summary>
public static class ChinaTime
{
    /// <summary>The offset of China Standard Time.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary><paramref name="instant"/> in China.</summary>
    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>Now in China, by <paramref name="clock"/>.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => Of(clock.GetUtcNow());

    /// <summary>The day <paramref name="instant"/> falls on in China.</summary>
    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(Of(instant).DateTime);
}
