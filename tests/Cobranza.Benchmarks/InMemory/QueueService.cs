using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// The Queue service: create queue, put message (visibility delay, time to live), get messages (count, visibility
/// timeout; dequeue count and a new pop receipt each time), delete and update a message by pop receipt (404 when the
/// receipt is stale, as on Azure).
/// </summary>
internal sealed class QueueService
{
    private static readonly TimeSpan _defaultTimeToLive = TimeSpan.FromDays(7);
    private readonly ConcurrentDictionary<string, StoredQueue> _queues = new(StringComparer.Ordinal);

    public StoredQueue? Queue(string name) => _queues.GetValueOrDefault(name);

    public InMemoryResponse Handle(StorageRequest request)
    {
        var path = request.Path.Split('/');
        if (path.Length == 1)
        {
            return request.Method == "PUT" ? Create(path[0]) : Unsupported(request);
        }

        if (!_queues.TryGetValue(path[0], out var queue))
        {
            return StorageXml.Error(404, "QueueNotFound", "The specified queue does not exist.");
        }

        var now = DateTimeOffset.UtcNow;
        return (request.Method, path.Length, path[1]) switch
        {
            ("POST", 2, "messages") => Put(request, queue, now),
            ("GET", 2, "messages") => Receive(request, queue, now),
            ("DELETE", 3, "messages") => queue.Delete(path[2], request.Query("popreceipt") ?? string.Empty)
                ? new InMemoryResponse(204)
                : MessageNotFound(),
            ("PUT", 3, "messages") => Update(request, queue, path[2], now),
            _ => Unsupported(request),
        };
    }

    private InMemoryResponse Create(string name) =>
        _queues.TryAdd(name, new StoredQueue()) ? new InMemoryResponse(201) : new InMemoryResponse(204); // 204: it exists (same metadata)

    private static InMemoryResponse Put(StorageRequest request, StoredQueue queue, DateTimeOffset now)
    {
        var ttl = Seconds(request.Query("messagettl")) is { } seconds ? (seconds == -1 ? (TimeSpan?)null : TimeSpan.FromSeconds(seconds)) : _defaultTimeToLive;
        var message = queue.Put(MessageText(request.Body) ?? string.Empty, TimeSpan.FromSeconds(Seconds(request.Query("visibilitytimeout")) ?? 0), ttl, now);
        var xml = $"{StorageXml.Declaration}<QueueMessagesList><QueueMessage><MessageId>{message.Id}</MessageId><InsertionTime>{StorageXml.Time(message.InsertedAt)}</InsertionTime>" +
            $"<ExpirationTime>{Expiry(message.ExpiresAt)}</ExpirationTime><PopReceipt>{message.PopReceipt}</PopReceipt><TimeNextVisible>{StorageXml.Time(message.VisibleAt)}</TimeNextVisible></QueueMessage></QueueMessagesList>";
        return Xml(201, xml);
    }

    private static InMemoryResponse Receive(StorageRequest request, StoredQueue queue, DateTimeOffset now)
    {
        var count = Seconds(request.Query("numofmessages")) ?? 1;
        var visibility = TimeSpan.FromSeconds(Seconds(request.Query("visibilitytimeout")) ?? 30);
        var xml = new StringBuilder(StorageXml.Declaration).Append("<QueueMessagesList>");
        foreach (var m in queue.Receive(count, visibility, now))
        {
            xml.Append("<QueueMessage><MessageId>").Append(m.Id).Append("</MessageId><InsertionTime>").Append(StorageXml.Time(m.InsertedAt))
                .Append("</InsertionTime><ExpirationTime>").Append(Expiry(m.ExpiresAt)).Append("</ExpirationTime><PopReceipt>").Append(m.PopReceipt)
                .Append("</PopReceipt><TimeNextVisible>").Append(StorageXml.Time(m.VisibleAt)).Append("</TimeNextVisible><DequeueCount>")
                .Append(m.DequeueCount).Append("</DequeueCount><MessageText>").Append(StorageXml.Escape(m.Text)).Append("</MessageText></QueueMessage>");
        }

        return Xml(200, xml.Append("</QueueMessagesList>").ToString());
    }

    private static InMemoryResponse Update(StorageRequest request, StoredQueue queue, string id, DateTimeOffset now)
    {
        var updated = queue.Update(id, request.Query("popreceipt") ?? string.Empty, TimeSpan.FromSeconds(Seconds(request.Query("visibilitytimeout")) ?? 0),
            request.Body.Length > 0 ? MessageText(request.Body) : null, now);
        return updated is { } u
            ? new InMemoryResponse(204).With("x-ms-popreceipt", u.PopReceipt).With("x-ms-time-next-visible", StorageXml.Time(u.VisibleAt))
            : MessageNotFound();
    }

    /// <summary>The text of <c>&lt;QueueMessage&gt;&lt;MessageText&gt;…</c> (the client Base64-encodes it already).</summary>
    private static string? MessageText(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        return text.Length == 0 ? null : XElement.Parse(text).Element("MessageText")?.Value;
    }

    private static int? Seconds(string? value) => value is null ? null : int.Parse(value, CultureInfo.InvariantCulture);

    private static string Expiry(DateTimeOffset expiresAt) =>
        expiresAt == DateTimeOffset.MaxValue ? "Fri, 31 Dec 9999 23:59:59 GMT" : StorageXml.Time(expiresAt);

    private static InMemoryResponse Xml(int status, string xml) =>
        new InMemoryResponse(status, Encoding.UTF8.GetBytes(xml)).With("Content-Type", "application/xml");

    private static InMemoryResponse MessageNotFound() => StorageXml.Error(404, "MessageNotFound", "The specified message does not exist.");

    private static InMemoryResponse Unsupported(StorageRequest request) =>
        StorageXml.Error(501, "NotImplemented", $"The in-memory storage does not implement {request.Method} {request.Path}.");
}
