using System.Globalization;

namespace Cobranza.Import;

/// <summary>The importer's command line: a CSV file, then options (environment variables as fallbacks).</summary>
public sealed record ImportOptions(string? File, Uri Url, string? Secret, string? Policy, int BatchSize, string? Error)
{
    public const string Usage =
        "usage: cobranza-import <aging-report.csv> [--url http://localhost:7071] [--secret <ERP secret>] [--policy <name>] [--batch-size 1000]";

    public static ImportOptions Parse(string[] args, Func<string, string?> environment)
    {
        string? file = null, url = environment("COBRANZA_URL"), secret = environment("COBRANZA_ERP_SECRET"), policy = null, batch = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url": url = value; i++; break;
                case "--secret": secret = value; i++; break;
                case "--policy": policy = value; i++; break;
                case "--batch-size": batch = value; i++; break;
                case var a when a.StartsWith("--", StringComparison.Ordinal): return Failed($"Unknown option {a}.");
                default: file ??= args[i]; break;
            }
        }

        if (file is null)
        {
            return Failed("Name the aging report (a CSV file).");
        }

        if (!Uri.TryCreate(url ?? "http://localhost:7071", UriKind.Absolute, out var baseUrl))
        {
            return Failed($"--url '{url}' is not an absolute URL.");
        }

        var batchSize = 1000;
        if (batch is not null && (!int.TryParse(batch, NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > BatchClient.MaxLines))
        {
            return Failed($"--batch-size is 1 to {BatchClient.MaxLines}.");
        }

        return new ImportOptions(file, new Uri(baseUrl.ToString().TrimEnd('/') + "/"), secret, policy, batchSize, null);

        ImportOptions Failed(string error) => new(null, new Uri("http://localhost/"), null, null, 0, error);
    }
}
