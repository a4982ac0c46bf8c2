namespace CarbonRegistry.Api.Auth;

/// <summary>Token settings, bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public const string Issuer = "carbon-registry";

    public const string Audience = "carbon-registry";

    /// <summary>
    /// The HMAC-SHA256 signing key, base64, at least 32 bytes. Required in production; the embedded
    /// default creates a random one in <see cref="DevelopmentKeyFile"/> on first start.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the embedded default keeps its generated development key (never used when <see cref="SigningKey"/> is set).</summary>
    public string? DevelopmentKeyFile { get; set; }

    /// <summary>Lifetime of minted tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
