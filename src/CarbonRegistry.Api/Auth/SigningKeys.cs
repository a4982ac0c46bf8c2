using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Auth;

/// <summary>Resolves the signing key: the configured one, or the embedded default's generated development key.</summary>
public static class SigningKeys
{
    public static SymmetricSecurityKey Resolve(AuthOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return FromBase64(options.SigningKey, "Auth:SigningKey");
        }

        var file = options.DevelopmentKeyFile
            ?? throw new InvalidOperationException("Auth:SigningKey is required (base64, at least 32 bytes). Only the embedded default generates a development key.");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        return FromBase64(File.ReadAllText(file).Trim(), file);
    }

    private static SymmetricSecurityKey FromBase64(string text, string origin)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{origin} is not base64.");
        }

        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException($"{origin} must be at least 32 bytes.");
    }
}
