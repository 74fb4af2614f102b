using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Cobranza.Functions.StaffConsole;

/// <summary>
/// Serves the staff console (<c>wwwroot/</c>: one HTML page, ES modules, i18n resources) at <c>/</c>. The files are
/// public: the page asks for the staff key and sends it on every API call, so nothing secret is in them.
/// </summary>
public static class ConsolePage
{
    /// <summary>
    /// No inline script or style, everything from this origin, and the page may not be framed (clickjacking of the
    /// staff actions). <c>connect-src 'self'</c> keeps the key from ever being sent anywhere but this API.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds <c>/</c> → <c>index.html</c> and the static files, ahead of authentication and the API routes.</summary>
    public static IApplicationBuilder UseStaffConsole(this IApplicationBuilder app, IWebHostEnvironment environment)
    {
        // Under the Functions host or the tests the working directory may not be the content root the SDK expects;
        // wwwroot is always copied next to the executable.
        var root = Directory.Exists(environment.WebRootPath ?? "")
            ? environment.WebRootPath!
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context => AddHeaders(context.Context.Response.Headers),
        });
        return app;
    }

    private static void AddHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time (ETag): a new version of the console is picked up at the next load.
        headers.CacheControl = "no-cache";
    }
}
