namespace Cobranza.Functions.Hosting;

/// <summary>
/// The Azure Functions custom-handler contract: under the Functions host the app listens on 127.0.0.1 at the port the
/// host chose (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>); locally the usual <c>--urls</c> / <c>ASPNETCORE_URLS</c> apply.
/// </summary>
public static class CustomHandler
{
    public const string PortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static void ListenOnHostPort(WebApplicationBuilder builder)
    {
        var port = builder.Configuration[PortSetting];
        if (string.IsNullOrWhiteSpace(port))
        {
            return;
        }

        if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PortSetting} must be a TCP port number; it is '{port}'.");
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{number}");
    }
}
