using System.Globalization;
using System.Security;
using System.Text;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>The Queue and Blob services' XML: error bodies, RFC 1123 times.</summary>
internal static class StorageXml
{
    public const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    public static string Time(DateTimeOffset time) => time.ToString("R", CultureInfo.InvariantCulture);

    public static string Escape(string text) => SecurityElement.Escape(text);

    public static InMemoryResponse Error(int status, string code, string message) =>
        new InMemoryResponse(status, Encoding.UTF8.GetBytes(
                $"{Declaration}<Error><Code>{code}</Code><Message>{Escape(message)}\nRequestId:{Guid.NewGuid()}\nTime:{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}</Message></Error>"))
            .With("x-ms-error-code", code)
            .With("Content-Type", "application/xml");
}
