using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cobranza.Functions.Cases;
using Cobranza.Domain;

namespace Cobranza.Functions.Handoff;

/// <summary>
/// Writes a handed-off case's file under <c>handoffs/{invoiceId}/</c>: <c>case.json</c> (the case with its full history,
/// messages and payments) and <c>history.csv</c>, <c>messages.csv</c>, <c>payments.csv</c> for spreadsheets. Writing
/// again overwrites with the same content, so a retried handoff is harmless.
/// </summary>
public sealed class CaseFileWriter(BlobContainerClient container)
{
    public const string ContainerName = "handoffs";

    public async Task<CaseFile> WriteAsync(CaseView file, CancellationToken cancellationToken)
    {
        var prefix = $"{file.InvoiceId}/";
        var json = JsonSerializer.SerializeToUtf8Bytes(file, CobranzaJson.Options);
        await UploadAsync(prefix + "case.json", json, "application/json; charset=utf-8", cancellationToken);
        await UploadCsvAsync(prefix + "history.csv", ["seq", "at", "type", "actor", "details"],
            (file.History ?? []).Select(h => new object?[] { h.Seq, Instant(h.At), h.Type, h.Actor, h.Details.GetRawText() }), cancellationToken);
        await UploadCsvAsync(prefix + "messages.csv", ["id", "step", "channel", "language", "to", "status", "subject", "body", "sentAt"],
            (file.Messages ?? []).Select(m => new object?[] { m.Id, m.Step, Domain.Wire.Name(m.Channel), m.Language, m.To, m.Status, m.Subject, m.Body, m.SentAt is { } s ? Instant(s) : null }), cancellationToken);
        await UploadCsvAsync(prefix + "payments.csv", ["paymentId", "amount", "currency", "paidAt", "applied", "receivedAt"],
            file.Payments.Select(p => new object?[] { p.PaymentId, p.Amount, p.Currency, Instant(p.PaidAt), p.Applied, Instant(p.ReceivedAt) }), cancellationToken);
        return new CaseFile(container.Uri + "/" + prefix, [.. new[] { "case.json", "history.csv", "messages.csv", "payments.csv" }.Select(n => prefix + n)]);
    }

    private async Task UploadAsync(string name, byte[] content, string contentType, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);

    private Task UploadCsvAsync(string name, string[] header, IEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        UploadAsync(name, Encoding.UTF8.GetBytes(CsvText.Write(header, rows)), "text/csv; charset=utf-8", cancellationToken);

    private static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Where a case file was written: the folder's URL and the blob names in it.</summary>
public sealed record CaseFile(string Location, IReadOnlyList<string> Blobs);
