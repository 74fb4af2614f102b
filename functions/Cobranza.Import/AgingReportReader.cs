using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cobranza.Import;

/// <summary>One invoice of the aging report, as the body of <c>POST /api/cases</c>, with the CSV row it came from.</summary>
public sealed record AgingReportRow(int CsvRow, string? InvoiceId, JsonObject Body);

/// <summary>
/// Reads an aging report (CSV with a header row) into case bodies. Columns are matched by name, ignoring case, spaces,
/// '_' and '-': invoiceId, invoiceNumber, debtorId, debtorName, email, phone, language, timeZone, amount, currency,
/// issuedOn, dueOn, paymentUrl, policy; others are ignored. Nothing is validated here beyond turning a number-looking
/// amount into a JSON number: the API validates every line and says what is wrong with it.
/// </summary>
public static class AgingReportReader
{
    private static readonly Dictionary<string, string> _topLevel = new(StringComparer.Ordinal)
    {
        ["invoiceid"] = "invoiceId",
        ["invoicenumber"] = "invoiceNumber",
        ["amount"] = "amount",
        ["currency"] = "currency",
        ["issuedon"] = "issuedOn",
        ["dueon"] = "dueOn",
        ["paymenturl"] = "paymentUrl",
        ["policy"] = "policy",
    };

    private static readonly Dictionary<string, string> _debtor = new(StringComparer.Ordinal)
    {
        ["debtorid"] = "id",
        ["debtorname"] = "name",
        ["email"] = "email",
        ["phone"] = "phone",
        ["language"] = "language",
        ["timezone"] = "timeZone",
    };

    public static IEnumerable<AgingReportRow> Read(TextReader csv, string? defaultPolicy = null)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, TrimOptions = TrimOptions.Trim };
        using var reader = new CsvReader(csv, configuration);
        if (!reader.Read() || !reader.ReadHeader())
        {
            yield break;
        }

        var header = reader.HeaderRecord!.Select(Normalize).ToArray();
        if (!header.Contains("invoiceid"))
        {
            throw new InvalidDataException("The CSV has no invoiceId column (the header row names the columns; see the README).");
        }

        while (reader.Read())
        {
            var body = new JsonObject();
            var debtor = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                var value = reader.GetField(i);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (_topLevel.TryGetValue(header[i], out var name))
                {
                    body[name] = name == "amount" && decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
                        ? JsonValue.Create(amount)
                        : JsonValue.Create(value);
                }
                else if (_debtor.TryGetValue(header[i], out var debtorField))
                {
                    debtor[debtorField] = value;
                }
            }

            if (debtor.Count > 0)
            {
                body["debtor"] = debtor;
            }

            if (defaultPolicy is not null && !body.ContainsKey("policy"))
            {
                body["policy"] = defaultPolicy;
            }

            yield return new AgingReportRow(reader.Parser.Row, body["invoiceId"]?.GetValue<string>(), body);
        }
    }

    private static string Normalize(string header) =>
        new(header.Where(c => c is not (' ' or '_' or '-')).Select(char.ToLowerInvariant).ToArray());
}
