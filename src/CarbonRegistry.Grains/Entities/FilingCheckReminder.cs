using CarbonRegistry.Abstractions.Entities;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// The daily reminder of a reporting entity that records which ended months lack a report. Provinces
/// and cities report nothing of their own, so they have none.
/// </summary>
internal static class FilingCheckReminder
{
    public const string Name = "filing-check";

    /// <summary>Whether an entity of <paramref name="kind"/> files reports and so has the reminder.</summary>
    public static bool Applies(EntityKind kind) => kind is not (EntityKind.Province or EntityKind.City);

    /// <summary>
    /// Registers (or updates) the reminder of a newly registered entity of <paramref name="kind"/>;
    /// returns whether a registration exists that outlives the process (none for kinds without one).
    /// </summary>
    public static async Task<bool> RegisterAsync(Grain grain, EntityKind kind, RegistryOptions options)
    {
        if (!Applies(kind))
        {
            return false;
        }

        await grain.RegisterOrUpdateReminder(Name, options.FilingCheckDueTime, options.FilingCheckPeriod);
        return options.DurableReminders;
    }

    /// <summary>
    /// On activation: in-memory reminders (the embedded default) do not survive a restart, so the
    /// reminder is registered again if it is missing. Durable reminders are looked up only until
    /// the state records that the reminder exists (<paramref name="knownRegistered"/>). Returns
    /// whether the state should now record it.
    /// </summary>
    public static async Task<bool> EnsureAsync(Grain grain, EntityKind kind, bool knownRegistered, RegistryOptions options)
    {
        if (!Applies(kind) || (options.DurableReminders && knownRegistered))
        {
            return false;
        }

        if (await grain.GetReminder(Name) is null)
        {
            await grain.RegisterOrUpdateReminder(Name, options.FilingCheckDueTime, options.FilingCheckPeriod);
        }

        return options.DurableReminders;
    }
}
