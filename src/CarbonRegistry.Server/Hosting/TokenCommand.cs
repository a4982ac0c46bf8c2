using CarbonRegistry.Api.Auth;
using CarbonRegistry.Storage;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// <c>dotnet run --project src/CarbonRegistry.Server -- token --role &lt;role&gt; [--entity &lt;id&gt;]... [--department &lt;code&gt;]... [--subject &lt;name&gt;]</c>:
/// prints a bearer token signed with the server's key (Auth:SigningKey, or the embedded default's
/// development key next to its database). Other arguments are configuration, as for the server.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        string? role = null;
        var subject = Environment.UserName;
        var entities = new List<string>();
        var departments = new List<string>();
        var configurationArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--role" when i + 1 < args.Length:
                    role = args[++i];
                    break;
                case "--entity" when i + 1 < args.Length:
                    entities.Add(args[++i]);
                    break;
                case "--department" when i + 1 < args.Length:
                    departments.Add(args[++i]);
                    break;
                case "--subject" when i + 1 < args.Length:
                    subject = args[++i];
                    break;
                default:
                    configurationArgs.Add(args[i]);
                    break;
            }
        }

        if (role is null)
        {
            Console.Error.WriteLine($"usage: token --role <{string.Join('|', RegistryRoles.All)}> [--entity <id>]... [--department <code>]... [--subject <name>]");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. configurationArgs])
            .Build();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.DevelopmentKeyFile ??= DevelopmentKeyFile(configuration);
        try
        {
            var key = SigningKeys.Resolve(options);
            Console.WriteLine(TokenIssuer.Issue(key, subject, role, entities, options.TokenLifetime, DateTimeOffset.UtcNow, departments));
            return 0;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }
    }

    /// <summary>The embedded default keeps its generated key beside the SQLite file; production has none.</summary>
    public static string? DevelopmentKeyFile(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        return storage.Provider == StorageProvider.Sqlite
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.SqlitePath))!, "dev-signing.key")
            : null;
    }
}
