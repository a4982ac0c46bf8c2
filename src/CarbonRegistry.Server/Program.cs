using CarbonRegistry.Api;
using CarbonRegistry.Server.Hosting;
using CarbonRegistry.Storage.ReadModel;

if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs);
}

if (args is ["migrate", .. var migrateArgs])
{
    return await MigrateCommand.RunAsync(migrateArgs);
}

if (args is [var verb, ..] && CarbonRegistry.Server.Client.ClientApp.Verbs.Contains(verb))
{
    return await CarbonRegistry.Server.Client.ClientApp.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryStorage();
builder.AddRegistryOrleans();
builder.AddRegistryApi(TokenCommand.DevelopmentKeyFile(builder.Configuration));
builder.AddDemoData();
builder.AddDashboard();
builder.AddRegistryHealth();
builder.AddRegistryTelemetry();

var app = builder.Build();
app.UseDashboard();
app.MapRegistryGraphQL();
app.MapRegistryHealth();
app.MapRegistryMetrics();
app.MapGet("/api/status", async (RegistryReader reader, CancellationToken cancellationToken) => Results.Ok(new
{
    service = "carbon-registry",
    entities = (await reader.EntitiesAsync(cancellationToken)).Count,
    lastSequence = await reader.LastSequenceAsync(cancellationToken),
    readModelQueries = reader.QueriesExecuted,
}));
if (TokenCommand.DevelopmentKeyFile(app.Configuration) is not null && string.IsNullOrWhiteSpace(app.Configuration["Auth:SigningKey"]))
{
    app.Logger.LogInformation(
        "Development signing key in use. Get a token with: dotnet run --project src/CarbonRegistry.Server -- token --role admin   (roles: {Roles})",
        string.Join(", ", CarbonRegistry.Api.Auth.RegistryRoles.All));
}

app.Run();
return 0;

/// <summary>The entry point, visible to tests that host the server in process.</summary>
public partial class Program;
