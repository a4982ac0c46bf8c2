using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// Serves the dashboard (built from src/CarbonRegistry.Dashboard into the output's <c>dashboard</c>
/// folder) at <c>/</c>: compressed, hashed assets cached for good, and a content security policy
/// that lets the page load nothing from anywhere but this server.
/// </summary>
public static class DashboardHosting
{
    /// <summary>The folder, under the application's base directory, that holds the built dashboard.</summary>
    public const string Folder = "dashboard";

    /// <summary>Everything from this origin only; ECharts and the page set inline styles.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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

        var files = new PhysicalFileProvider(root);
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/graphql"),
            branch => branch.UseResponseCompression());
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Vite names assets by content hash, so they never change; the page itself always revalidates.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }
}
