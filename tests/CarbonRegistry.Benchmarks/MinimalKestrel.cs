using CarbonRegistry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Benchmarks;

/// <summary>Kestrel in the benchmark process, the server of the API scenarios' baselines: nothing but what a scenario maps.</summary>
internal static class MinimalKestrel
{
    /// <summary>A slim application on a free port of 127.0.0.1 (<paramref name="address"/>), without logging; the caller maps its endpoints and starts it.</summary>
    public static WebApplication Create(out Uri address)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        address = new Uri($"http://127.0.0.1:{port}");
        return builder.Build();
    }

    /// <summary><c>POST /graphql</c> reads the whole request and answers with <paramref name="answer"/>: the JSON the registry would send, without the registry.</summary>
    public static void MapFixedAnswer(WebApplication app, byte[] answer) =>
        app.MapPost("/graphql", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await reader.ReadToEndAsync();
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(answer);
        });
}
