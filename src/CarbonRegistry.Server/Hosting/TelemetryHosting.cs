using CarbonRegistry.Abstractions.Telemetry;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// OpenTelemetry: metrics of ASP.NET Core, the .NET runtime, Npgsql, the registry, and (with
/// <c>Telemetry:OrleansMetrics</c>) Orleans
/// (the registry's: reports accepted and rejected by code, ledger commit latency and size,
/// WebSockets and subscriptions), scraped by Prometheus at <c>/metrics</c>; traces of HTTP requests,
/// GraphQL operations, Npgsql commands and grain calls, exported by OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (and metrics with them).
/// </summary>
public static class TelemetryHosting
{
    /// <summary>The activity source of GraphQL.NET's telemetry provider (one span per operation).</summary>
    public const string GraphQLActivitySource = "GraphQL";

    /// <summary>Whether an OTLP collector is configured (the standard OpenTelemetry variable).</summary>
    public static bool OtlpConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IHostApplicationBuilder AddRegistryTelemetry(this IHostApplicationBuilder builder)
    {
        var otlp = OtlpConfigured(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("carbon-registry", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Npgsql", RegistryTelemetry.Name)
                    .AddPrometheusExporter();

                // Orleans records every message and grain call once a listener is attached; the
                // api-query benchmark lost about a tenth of its throughput to it, so it is opt-in.
                if (builder.Configuration.GetValue("Telemetry:OrleansMetrics", false))
                {
                    metrics.AddMeter("Microsoft.Orleans");
                }
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Traces cost work on every request, so they are collected only when they go somewhere.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddNpgsql()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", RegistryTelemetry.Name, GraphQLActivitySource)
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, <c>/metrics</c>.</summary>
    public static WebApplication MapRegistryMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
