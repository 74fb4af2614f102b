using System.Text;

namespace Cobranza.Functions.Handoff;

/// <summary>
/// RFC 4180 CSV: a header row, fields quoted when they hold a comma, quote or line break. A text field starting with
/// = + - @ gets a leading apostrophe so that a spreadsheet opening the file never runs it as a formula.
/// </summary>
public static class CsvText
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var csv = new StringBuilder();
        AppendRow(csv, header);
        foreach (var row in rows)
        {
            AppendRow(csv, row);
        }

        return csv.ToString();
    }

    /// <summary>One row (with its line break), for writing a long file page by page.</summary>
    public static string Row<T>(IReadOnlyList<T> fields)
    {
        var csv = new StringBuilder();
        AppendRow(csv, fields);
        return csv.ToString();
    }

    private static void AppendRow<T>(StringBuilder csv, IReadOnlyList<T> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
