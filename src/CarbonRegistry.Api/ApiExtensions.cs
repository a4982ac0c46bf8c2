using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Http;
using CarbonRegistry.Api.Imports;
using CarbonRegistry.Api.Schema;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api;

public static class ApiExtensions
{
    /// <summary>The schema, the executor, the HTTP transport and bearer-token authentication.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="developmentKeyFile">Where the embedded default keeps a generated signing key; null in production, where Auth:SigningKey is required.</param>
    public static IHostApplicationBuilder AddRegistryApi(this IHostApplicationBuilder builder, string? developmentKeyFile)
    {
        builder.Services.AddOptions<GraphQLHttpOptions>().Bind(builder.Configuration.GetSection(GraphQLHttpOptions.Section));
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .Configure(options => options.DevelopmentKeyFile ??= developmentKeyFile)
            .Validate(options => !string.IsNullOrWhiteSpace(options.SigningKey) || options.DevelopmentKeyFile is not null, "Auth:SigningKey is required (base64, at least 32 bytes).")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => SigningKeys.Resolve(services.GetRequiredService<IOptions<AuthOptions>>().Value));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SymmetricSecurityKey>((options, key) =>
            {
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingTokenHandler());
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RoleClaimType = System.Security.Claims.ClaimTypes.Role,
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        builder.Services.AddSingleton<ISchema, RegistrySchema>();
        builder.Services.AddSingleton<IDocumentExecuter>(new DocumentExecuter(
            new GraphQL.Execution.GraphQLDocumentBuilder(),
            new GraphQL.Validation.DocumentValidator(),
            new GraphQL.Execution.DefaultExecutionStrategySelector(),
            // Operation spans (source "GraphQL": operation name and type, errors), started only when a
            // tracer listens; documents are not recorded, as they can carry reported figures.
            [new GraphQL.Telemetry.GraphQLTelemetryProvider(new GraphQL.Telemetry.GraphQLTelemetryOptions { RecordDocument = false }), new DocumentCache(), new DocumentLimits()]));
        // Errors expose their code, the input field and whether a retry may succeed, never
        // exception details or stack traces (RegistryErrorInfoProvider).
        builder.Services.AddSingleton<IGraphQLTextSerializer>(new GraphQL.SystemTextJson.GraphQLSerializer(
            json => json.Converters.Insert(0, new ExactInputsConverter()), // Numbers that decimal cannot hold reach the scalar as they are.
            new RegistryErrorInfoProvider()));
        builder.Services.AddSingleton(services => PersistedDocuments.Load(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLHttpOptions>>().Value));
        builder.Services.AddSingleton<GraphQLHttpEndpoint>();
        builder.Services.AddSingleton<GraphQLWebSocketEndpoint>();
        builder.Services.AddSingleton<SubscriptionReads>();
        builder.Services.AddSingleton<EntityGrains>();
        builder.Services.AddOptions<ImportOptions>().Bind(builder.Configuration.GetSection(ImportOptions.Section));
        builder.Services.AddSingleton(services => new ReportImport(
            services.GetRequiredService<Orleans.IGrainFactory>(),
            services.GetRequiredService<Accounting.Factors.FactorSetCatalog>(),
            services.GetRequiredService<Accounting.Production.ProductCatalog>(),
            services.GetRequiredService<IOptions<ImportOptions>>().Value));
        return builder;
    }

    /// <summary>Maps <c>/graphql</c> for HTTP and WebSocket (authentication runs first; WebSockets authenticate in connection_init).</summary>
    public static IEndpointRouteBuilder MapRegistryGraphQL(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        var http = app.Services.GetRequiredService<GraphQLHttpEndpoint>();
        var webSocket = app.Services.GetRequiredService<GraphQLWebSocketEndpoint>();
        app.Map("/graphql", context => context.WebSockets.IsWebSocketRequest ? webSocket.HandleAsync(context) : http.HandleAsync(context));
        app.MapAssessmentExport();
        app.MapEntityExport();
        app.MapImports();
        return app;
    }
}
