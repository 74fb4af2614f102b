using System.Text.Json;

namespace Cobranza.Import;

/// <summary>
/// <c>cobranza-import &lt;aging-report.csv&gt; [--url http://localhost:7071] [--secret &lt;ERP webhook secret&gt;] [--policy &lt;name&gt;] [--batch-size 1000]</c>.
/// The secret may also come from COBRANZA_ERP_SECRET, or, in a development checkout, from .local/credentials.json.
/// Exit code 0: every row opened or already open; 1: some rows refused or conflicting (listed); 2: the import stopped.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> Main(string[] args)
    {
        var options = ImportOptions.Parse(args, Environment.GetEnvironmentVariable);
        if (options.Error is not null)
        {
            Console.Error.WriteLine(options.Error);
            Console.Error.WriteLine(ImportOptions.Usage);
            return 2;
        }

        var secret = options.Secret ?? DevelopmentSecret();
        if (secret is null)
        {
            Console.Error.WriteLine("No ERP webhook secret: pass --secret, set COBRANZA_ERP_SECRET, or run from a development checkout (.local/credentials.json).");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(5) };
        var importer = new AgingReportImporter(new BatchClient(http, secret, TimeProvider.System), options.BatchSize);
        try
        {
            using var csv = File.OpenText(options.File!);
            var summary = await importer.ImportAsync(csv, options.Policy, new ProgressBar(Console.Error, !Console.IsErrorRedirected), CancellationToken.None);
            Console.WriteLine(summary);
            foreach (var problem in summary.Problems)
            {
                Console.WriteLine("  " + problem);
            }

            return summary.Errors + summary.Conflicts == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("Import stopped: " + e.Message + " (rows already sent stay opened; running the import again is safe).");
            return 2;
        }
    }

    private static string? DevelopmentSecret()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".local", "credentials.json");
            if (File.Exists(file))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                return document.RootElement.TryGetProperty("erpSecrets", out var secrets) && secrets.GetArrayLength() > 0 ? secrets[0].GetString() : null;
            }
        }

        return null;
    }
}
