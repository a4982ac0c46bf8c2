using System.ComponentModel.DataAnnotations;

namespace CarbonRegistry.Server.Hosting;

/// <summary>Silo settings, bound from the <c>Orleans</c> section.</summary>
public sealed class OrleansOptions
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "carbon-registry";

    [Required]
    public string ServiceId { get; set; } = "carbon-registry";

    /// <summary>Silo-to-silo port (127.0.0.1 on the embedded default).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
