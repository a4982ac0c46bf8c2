using CarbonRegistry.Server.Hosting;
using CarbonRegistry.Storage.ReadModel;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryStorage();
builder.AddRegistryOrleans();
builder.AddDemoData();

var app = builder.Build();
app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
app.MapGet("/api/status", async (RegistryReader reader, CancellationToken cancellationToken) => Results.Ok(new
{
    service = "carbon-registry",
    entities = (await reader.EntitiesAsync(cancellationToken)).Count,
    lastSequence = await reader.LastSequenceAsync(cancellationToken),
}));
app.Run();

/// <summary>The entry point, visible to tests that host the server in process.</summary>
public partial class Program;
