using System.Text;
using Cobranza.Functions.Handoff;

namespace Cobranza.Functions.StaffConsole;

/// <summary>A CSV attachment written row by row as its rows are read (RFC 4180, UTF-8, CRLF).</summary>
public sealed class CsvResult(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<object?>> rows) : IResult
{
    public const string MediaType = "text/csv";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = MediaType + "; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
        await writer.WriteAsync(CsvText.Row(header));
        await foreach (var row in rows.WithCancellation(httpContext.RequestAborted))
        {
            await writer.WriteAsync(CsvText.Row(row));
        }

        await writer.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>True when the request asks for CSV (<c>format=csv</c>, or <c>Accept: text/csv</c> without a format).</summary>
    public static bool IsWanted(HttpRequest request, string? format) =>
        format is not null ? format == "csv" : request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string? Instant(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
