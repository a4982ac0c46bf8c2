using System.Security.Cryptography;
using CarbonRegistry.Api.Auth;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Tests;

public sealed class RememberingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey s_key = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_remembered_token_gives_each_request_its_own_identity_with_the_same_claims()
    {
        var handler = new RememberingTokenHandler();
        var token = TokenIssuer.Issue(s_key, "zone-system", RegistryRoles.Reporter, ["tashan"], TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);

        var first = await handler.ValidateTokenAsync(token, Parameters(s_key));
        var second = await handler.ValidateTokenAsync(token, Parameters(s_key));

        Assert.True(first.IsValid, first.Exception?.Message);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(Claims(first), Claims(second));
        Assert.Contains(("entity", "tashan"), Claims(second));
    }

    [Fact]
    public async Task A_remembered_token_is_rejected_once_it_expires()
    {
        var handler = new RememberingTokenHandler();
        var token = TokenIssuer.Issue(s_key, "dashboard", RegistryRoles.Dashboard, [], TimeSpan.FromSeconds(2), DateTimeOffset.UtcNow);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(s_key))).IsValid);

        await Task.Delay(TimeSpan.FromSeconds(3));

        var expired = await handler.ValidateTokenAsync(token, Parameters(s_key));
        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(expired.Exception);
    }

    [Fact]
    public async Task A_token_whose_signature_was_changed_is_checked_and_rejected_while_the_original_is_remembered()
    {
        var handler = new RememberingTokenHandler();
        var token = TokenIssuer.Issue(s_key, "reporter", RegistryRoles.Reporter, ["tashan"], TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(s_key))).IsValid);

        var signature = token[(token.LastIndexOf('.') + 1)..];
        var forged = token[..(token.LastIndexOf('.') + 1)] + new string([.. signature.Reverse()]);

        var result = await handler.ValidateTokenAsync(forged, Parameters(s_key));
        Assert.False(result.IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(s_key))).IsValid);
    }

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = AuthOptions.Issuer,
        ValidAudience = AuthOptions.Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
    };

    private static List<(string, string)> Claims(TokenValidationResult result) =>
        [.. result.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)).Order()];
}
