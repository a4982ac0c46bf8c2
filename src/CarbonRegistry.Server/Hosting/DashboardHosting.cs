using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// Serves the dashboard (built from src/CarbonRegistry.Dashboard into the output's <c>dashboard</c>
/// folder) at <c>/</c> and the explorer (GraphiQL, from src/CarbonRegistry.Explorer into
/// <c>explorer</c>) at <c>/graphiql/</c>: compressed, hashed assets cached for good, and a content
/// security policy that lets the pages load nothing from anywhere but this server.
/// </summary>
public static class DashboardHosting
{
    /// <summary>The folder, under the application's base directory, that holds the built dashboard.</summary>
    public const string Folder = "dashboard";

    /// <summary>Everything from this origin only; ECharts and the page set inline styles.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The folder of the built explorer.</summary>
    public const string ExplorerFolder = "explorer";

    /// <summary>
    /// As the dashboard's, and the editor's workers from this origin; GraphiQL's editor (Monaco)
    /// inserts its own style elements.
    /// </summary>
    public const string ExplorerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Response compression for the dashboard's files (brotli, then gzip).</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        return builder;
    }

    /// <summary>Serves the dashboard at <c>/</c>; logs an error (and serves the API alone) when it was not built.</summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, Folder);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.Logger.LogError("The dashboard is not built: {Root} has no index.html. Build the server with Node.js 20+ and npm installed.", root);
            return app;
        }

        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/graphql"),
            branch => branch.UseResponseCompression());
        var explorer = Path.Combine(AppContext.BaseDirectory, ExplorerFolder);
        if (File.Exists(Path.Combine(explorer, "index.html")))
        {
            Serve(app, new PhysicalFileProvider(explorer), "/graphiql", ExplorerContentSecurityPolicy);
        }
        else
        {
            app.Logger.LogError("The explorer is not built: {Root} has no index.html.", explorer);
        }

        Serve(app, new PhysicalFileProvider(root), "", ContentSecurityPolicy);
        return app;
    }

    private static void Serve(WebApplication app, PhysicalFileProvider files, string path, string policy)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = path,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Vite names assets by content hash, so they never change; the page itself always revalidates.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments($"{path}/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
    }
}
