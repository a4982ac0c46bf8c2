using System.ComponentModel.DataAnnotations;

namespace CarbonRegistry.Server.Hosting;

/// <summary>How silos find each other.</summary>
public enum OrleansClustering
{
    /// <summary>One silo on 127.0.0.1 (the embedded default).</summary>
    Localhost,

    /// <summary>Membership in PostgreSQL (Microsoft.Orleans.Clustering.AdoNet): a cluster of any size.</summary>
    AdoNet,
}

/// <summary>Silo settings, bound from the <c>Orleans</c> section.</summary>
public sealed class OrleansOptions
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "carbon-registry";

    [Required]
    public string ServiceId { get; set; } = "carbon-registry";

    /// <summary>Localhost or AdoNet; unset means AdoNet on PostgreSQL and Localhost on SQLite.</summary>
    public OrleansClustering? Clustering { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (in Kubernetes, the pod IP from the downward API).</summary>
    [Required]
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface (in a pod) rather than only on the advertised address.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>
    /// How long a silo waits for a probe's answer. With three missed probes to suspect a silo and
    /// two votes to declare it dead, a silo that dies is declared dead in about 3–5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo reads the membership table (it also hears of changes by gossip at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
