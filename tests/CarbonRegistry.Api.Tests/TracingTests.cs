using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// GraphQL operation spans reach an OTLP collector: a server process exports its traces over
/// OTLP/HTTP to a receiver in this test, which keeps every request body it gets.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_graphql_operation_is_exported_as_a_span_with_its_name_and_type()
    {
        using var directory = new TemporaryDirectory("carbon-tracing");
        var key = RandomNumberGenerator.GetBytes(32);
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new List<byte[]>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception) when (!listener.IsListening)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (bodies)
                {
                    bodies.Add(body.ToArray());
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        await using (var server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Storage__SqlitePath"] = Path.Combine(directory.Path, "registry.db"),
                ["Demo__Seed"] = "false",
                ["Auth__SigningKey"] = Convert.ToBase64String(key),
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "600000",
            },
            directory.Path))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent("{\"query\":\"query TracedUnits { units { symbol } }\",\"operationName\":\"TracedUnits\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenIssuer.Issue(new SymmetricSecurityKey(key), "tracer", RegistryRoles.Dashboard, [], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // OTLP/HTTP carries protobuf, whose strings are plain UTF-8: the span's scope, its
            // operation name and type tags appear as they are.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Exported(bodies, "TracedUnits") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        listener.Stop();
        await receiving;
        Assert.True(Exported(bodies, "TracedUnits"), $"No exported span named the operation in {bodies.Count} OTLP requests.");
        Assert.True(Exported(bodies, "graphql.operation.type") && Exported(bodies, "GraphQL"));
        Assert.False(Exported(bodies, "units { symbol }"), "The document must not be recorded.");
    }

    private static bool Exported(List<byte[]> bodies, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (bodies)
        {
            return bodies.Any(body => body.AsSpan().IndexOf(bytes) >= 0);
        }
    }
}
