namespace Cobranza.Functions.Telemetry;

/// <summary>
/// What outgoing-call spans may say about a URL. Storage keys are personal data here (the debtor directory is keyed by
/// e-mail address and phone number, and blob names carry ids of messages), so a span keeps the scheme, host, port and
/// the resource the call went to (table, queue, container, API) and drops the rest of the path and the query.
/// </summary>
public static class OutgoingUrl
{
    /// <summary>The emulator's path-style account segment (Azurite: http://127.0.0.1:10002/devstoreaccount1/{table}).</summary>
    private const string EmulatorAccount = "devstoreaccount1";

    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>();
        foreach (var segment in segments)
        {
            // An entity address "Debtors(PartitionKey='…',RowKey='…')" keeps only its table name.
            var parenthesis = segment.IndexOf('(', StringComparison.Ordinal);
            kept.Add(parenthesis >= 0 ? segment[..parenthesis] : segment);
            if (!segment.Equals(EmulatorAccount, StringComparison.Ordinal))
            {
                break;
            }
        }

        var rest = kept.Count < segments.Length || url.Query.Length > 0 ? "/…" : "";
        return $"{url.Scheme}://{url.Authority}/{string.Join('/', kept)}{rest}";
    }
}
