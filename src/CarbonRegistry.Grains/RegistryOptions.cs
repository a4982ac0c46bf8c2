using System.ComponentModel.DataAnnotations;

namespace CarbonRegistry.Grains;

/// <summary>Registry behaviour, bound from the <c>Registry</c> section.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>The grain storage provider name for entity snapshots.</summary>
    public const string SnapshotStore = "registry";

    /// <summary>How long after registration (or activation) the first filing check runs.</summary>
    public TimeSpan FilingCheckDueTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the filing check runs.</summary>
    public TimeSpan FilingCheckPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a dirty snapshot waits before it is written (writes are coalesced).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SnapshotDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A month whose energy is more than this many times the entity's average of other months (or
    /// less than its inverse) is accepted with an UNUSUAL_VALUE warning.
    /// </summary>
    [Range(1.1, 1000)]
    public decimal UnusualFactor { get; set; } = 3m;

    /// <summary>
    /// Set by the host when reminders are stored in the database (PostgreSQL): an entity that has
    /// registered its filing check once does not look it up again on every activation.
    /// </summary>
    public bool DurableReminders { get; set; }

    /// <summary>
    /// Set by the host when grain snapshots are stored in the database (PostgreSQL). In memory (the
    /// embedded default) they die with the process, so a silo shutting down does not write them:
    /// Orleans stops its memory storage while the grains deactivate, and each write only failed.
    /// </summary>
    public bool DurableSnapshots { get; set; }
}
