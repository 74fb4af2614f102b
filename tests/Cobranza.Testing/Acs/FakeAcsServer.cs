using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cobranza.Testing.Acs;

/// <summary>
/// Azure Communication Services on loopback, for tests: a real HTTP server (Kestrel on 127.0.0.1, a free port) that
/// checks what ACS checks and answers as ACS answers. HMAC requests are verified like ACS does (the body hash is
/// recomputed, <c>x-ms-date</c> must be within 15 minutes of the server's clock, the signature must match the key);
/// Bearer tokens are accepted when <see cref="AcceptedBearerToken"/> is set; <c>api-version</c> is required.
/// <c>POST /emails:send</c> answers 202 with <c>Operation-Location</c> and de-duplicates on <c>Operation-Id</c>; an
/// operation is Running on its first poll and finished on the next. <c>POST /sms</c> answers 202 with a result per
/// recipient and de-duplicates on <c>repeatabilityRequestId</c>. Failures can be injected. Everything received is
/// recorded for assertions. No test framework inside, so any test project can use it.
/// </summary>
/// <remarks>
/// Where ACS does not document its behaviour, the fake picks one and says so: a repeated <c>Operation-Id</c> returns the
/// first operation (ACS does not document this; see the project's Azure brief), and a repeated SMS repeatability id
/// answers <c>repeatabilityResult: "rejected"</c> with the first message's id.
/// </remarks>
public sealed partial class FakeAcsServer : IAsyncDisposable
{
    /// <summary>How far <c>x-ms-date</c> may be from the server's clock, as ACS allows.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly object _gate = new();
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly byte[] _accessKey;
    private readonly List<FakeAcsRequest> _requests = [];
    private readonly List<FakeAcsEmail> _emails = [];
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FakeAcsSms> _sms = [];
    private readonly List<FakeAcsSmsAttempt> _smsAttempts = [];
    private readonly Dictionary<string, FakeAcsSms> _smsByRepeatabilityId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<(HttpStatusCode Status, TimeSpan? RetryAfter)> _injectedFailures = new();
    private readonly Queue<string> _operationFailures = new();
    private readonly Queue<int> _recipientFailures = new();
    private int _disposed;

    private FakeAcsServer(WebApplication app, TimeProvider time, byte[] accessKey)
    {
        _app = app;
        _time = time;
        _accessKey = accessKey;
    }

    /// <summary>The server's base address, ending with a slash (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The access key the server verifies signatures with, base64 as in a connection string.</summary>
    public string AccessKey => Convert.ToBase64String(_accessKey);

    /// <summary><c>endpoint=…;accesskey=…</c> for this server.</summary>
    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    /// <summary>The one Bearer token accepted; null (the default) refuses every Bearer token.</summary>
    public string? AcceptedBearerToken { get; set; }

    /// <summary>The <c>retry-after</c> sent with 202 and with running operations; whole seconds go on the wire.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan OperationRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Email operations never finish (for timeout tests).</summary>
    public bool KeepOperationsRunning { get; set; }

    /// <summary>Every request received, in order, with the status it was answered with.</summary>
    public IReadOnlyList<FakeAcsRequest> Requests => Snapshot(_requests);

    /// <summary>The emails accepted, one per operation.</summary>
    public IReadOnlyList<FakeAcsEmail> Emails => Snapshot(_emails);

    /// <summary>The SMS accepted, one per repeatability id.</summary>
    public IReadOnlyList<FakeAcsSms> SmsMessages => Snapshot(_sms);

    /// <summary>Every SMS recipient received, repeats included.</summary>
    public IReadOnlyList<FakeAcsSmsAttempt> SmsAttempts => Snapshot(_smsAttempts);

    /// <summary>Starts a server on a free loopback port; <paramref name="time"/> is its clock (system by default).</summary>
    public static async Task<FakeAcsServer> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        var server = new FakeAcsServer(app, time ?? TimeProvider.System, RandomNumberGenerator.GetBytes(32));
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> authenticated requests (any operation) with <paramref name="status"/>
    /// (429 or 503, say) and, when given, <c>Retry-After</c> in whole seconds.
    /// </summary>
    public void FailNextRequests(int count, HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _injectedFailures.Enqueue((status, retryAfter));
            }
        }
    }

    /// <summary>The next email operation created ends <c>Failed</c> with <paramref name="errorCode"/>.</summary>
    public void FailNextEmailOperation(string errorCode)
    {
        lock (_gate)
        {
            _operationFailures.Enqueue(errorCode);
        }
    }

    /// <summary>The next SMS recipient is not sent: its result is unsuccessful with <paramref name="httpStatusCode"/>.</summary>
    public void FailNextSmsRecipient(int httpStatusCode)
    {
        lock (_gate)
        {
            _recipientFailures.Enqueue(httpStatusCode);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;

        // ACS signs and verifies the target exactly as it went on the wire, not a decoded or re-encoded path.
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        var reply = Authenticate(request, target, body)
            ?? RequireApiVersion(request)
            ?? InjectedFailure()
            ?? Route(request, body);

        lock (_gate)
        {
            _requests.Add(new FakeAcsRequest(
                request.Method,
                target,
                (int)reply.Status,
                _time.GetUtcNow(),
                request.Headers.Authorization.ToString().Split(' ', 2)[0] is { Length: > 0 } scheme ? scheme : null,
                request.Headers["Operation-Id"].FirstOrDefault()));
        }

        context.Response.StatusCode = (int)reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(reply.Body, Json), context.RequestAborted);
        }
    }

    private Reply? Authenticate(HttpRequest request, string target, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AcceptedBearerToken is not null && authorization["Bearer ".Length..] == AcceptedBearerToken
                ? null
                : Denied("The bearer token is not valid.");
        }

        if (!authorization.StartsWith("HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return Denied("The Authorization header is missing or uses an unknown scheme.");
        }

        var parameters = authorization["HMAC-SHA256 ".Length..]
            .Split('&')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("SignedHeaders", out var signedHeaders)
            || !string.Equals(signedHeaders, SignedHeaders, StringComparison.OrdinalIgnoreCase)
            || !parameters.TryGetValue("Signature", out var signature))
        {
            return Denied($"The HMAC Authorization header must have SignedHeaders={SignedHeaders} and a Signature.");
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt))
        {
            return Denied("x-ms-date is missing or not an RFC 1123 date.");
        }

        if ((_time.GetUtcNow() - sentAt).Duration() > MaxClockSkew)
        {
            return Denied("x-ms-date is too far from the server's time.");
        }

        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return Denied("x-ms-content-sha256 does not match the body.");
        }

        var stringToSign = $"{request.Method}\n{target}\n{date};{request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(_accessKey, Encoding.UTF8.GetBytes(stringToSign));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return Denied("The signature is not base64.");
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : Denied("The signature does not match.");
    }

    private static Reply? RequireApiVersion(HttpRequest request) =>
        string.IsNullOrEmpty(request.Query["api-version"])
            ? Error(HttpStatusCode.BadRequest, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
            : null;

    private Reply? InjectedFailure()
    {
        (HttpStatusCode Status, TimeSpan? RetryAfter) failure;
        lock (_gate)
        {
            if (!_injectedFailures.TryDequeue(out failure))
            {
                return null;
            }
        }

        var reply = failure.Status == HttpStatusCode.TooManyRequests
            ? Error(failure.Status, "TooManyRequests", "The request was throttled.")
            : Error(failure.Status, "ServiceUnavailable", "The service is unavailable.");
        if (failure.RetryAfter is { } retryAfter)
        {
            reply.Headers["Retry-After"] = Seconds(retryAfter);
        }

        return reply;
    }

    private Reply Route(HttpRequest request, byte[] body)
    {
        var path = request.Path.Value ?? "";
        const string operationsPrefix = "/emails/operations/";
        return (request.Method, path) switch
        {
            ("POST", "/emails:send") => SendEmail(request, body),
            ("GET", _) when path.StartsWith(operationsPrefix, StringComparison.Ordinal) => GetOperation(path[operationsPrefix.Length..]),
            ("POST", "/sms") => SendSms(body),
            _ => Error(HttpStatusCode.NotFound, "NotFound", "No such resource."),
        };
    }

    private Reply SendEmail(HttpRequest request, byte[] body)
    {
        string sender, subject;
        string? plainText, html;
        bool trackingDisabled;
        List<string> to;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            sender = root.GetProperty("senderAddress").GetString() ?? "";
            to = [.. root.GetProperty("recipients").GetProperty("to").EnumerateArray().Select(r => r.GetProperty("address").GetString() ?? "")];
            var content = root.GetProperty("content");
            subject = content.GetProperty("subject").GetString() ?? "";
            plainText = content.TryGetProperty("plainText", out var p) ? p.GetString() : null;
            html = content.TryGetProperty("html", out var h) ? h.GetString() : null;
            trackingDisabled = root.TryGetProperty("userEngagementTrackingDisabled", out var t) && t.GetBoolean();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "The request body is not a valid email send request.");
        }

        if (!sender.Contains('@', StringComparison.Ordinal) || to.Count == 0 || to.Any(a => !a.Contains('@', StringComparison.Ordinal))
            || subject.Length == 0 || (plainText is null && html is null))
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "senderAddress, recipients.to, content.subject and a body are required.");
        }

        var operationIdHeader = request.Headers["Operation-Id"].ToString();
        if (operationIdHeader.Length > 0 && !Guid.TryParse(operationIdHeader, out _))
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "Operation-Id must be a UUID.");
        }

        var operationId = operationIdHeader.Length > 0 ? operationIdHeader : Guid.NewGuid().ToString("D");
        var apiVersion = request.Query["api-version"].ToString();
        Operation operation;
        lock (_gate)
        {
            if (!_operations.TryGetValue(operationId, out operation!))
            {
                operation = new Operation(operationId, _operationFailures.TryDequeue(out var failure) ? failure : null);
                _operations.Add(operationId, operation);
                _emails.Add(new FakeAcsEmail(operationId, sender, to, subject, plainText, html, trackingDisabled, _time.GetUtcNow()));
            }
        }

        var reply = new Reply(HttpStatusCode.Accepted, new { id = operationId, status = operation.Status });
        reply.Headers["Operation-Location"] = $"{Endpoint}emails/operations/{operationId}?api-version={Uri.EscapeDataString(apiVersion)}";
        reply.Headers["retry-after"] = Seconds(OperationRetryAfter);
        return reply;
    }

    private Reply GetOperation(string operationId)
    {
        Operation? operation;
        lock (_gate)
        {
            if (_operations.TryGetValue(operationId, out operation))
            {
                operation.Polls++;
                if (!KeepOperationsRunning && operation.Polls > 1)
                {
                    operation.Status = operation.FailureCode is null ? "Succeeded" : "Failed";
                }
            }
        }

        if (operation is null)
        {
            return Error(HttpStatusCode.NotFound, "NotFound", "No such operation.");
        }

        var error = operation.FailureCode is { } code && operation.Status == "Failed"
            ? new { code, message = "The email could not be sent." }
            : null;
        var reply = new Reply(HttpStatusCode.OK, new { id = operation.Id, status = operation.Status, error });
        if (operation.Status == "Running")
        {
            reply.Headers["retry-after"] = Seconds(OperationRetryAfter);
        }

        return reply;
    }

    private Reply SendSms(byte[] body)
    {
        string from, message;
        string? tag;
        bool deliveryReport;
        List<(string To, string? RequestId, string? FirstSent)> recipients;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            from = root.GetProperty("from").GetString() ?? "";
            message = root.GetProperty("message").GetString() ?? "";
            recipients = [.. root.GetProperty("smsRecipients").EnumerateArray().Select(r => (
                r.GetProperty("to").GetString() ?? "",
                r.TryGetProperty("repeatabilityRequestId", out var id) ? id.GetString() : null,
                r.TryGetProperty("repeatabilityFirstSent", out var first) ? first.GetString() : null))];
            var options = root.TryGetProperty("smsSendOptions", out var o) ? o : default;
            deliveryReport = options.ValueKind == JsonValueKind.Object && options.TryGetProperty("enableDeliveryReport", out var d) && d.GetBoolean();
            tag = options.ValueKind == JsonValueKind.Object && options.TryGetProperty("tag", out var t) ? t.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "The request body is not a valid SMS send request.");
        }

        if (!E164().IsMatch(from) || message.Length is 0 or > 2048 || recipients.Count is 0 or > 100)
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "from (E.164), message (1 to 2048 characters) and 1 to 100 smsRecipients are required.");
        }

        var now = _time.GetUtcNow();
        var results = new List<object>();
        lock (_gate)
        {
            foreach (var (to, requestId, firstSent) in recipients)
            {
                _smsAttempts.Add(new FakeAcsSmsAttempt(to, requestId, firstSent, now));
                results.Add(SendOne(from, message, deliveryReport, tag, to, requestId, firstSent, now));
            }
        }

        return new Reply(HttpStatusCode.Accepted, new { value = results });
    }

    private object SendOne(
        string from, string message, bool deliveryReport, string? tag, string to, string? requestId, string? firstSent, DateTimeOffset now)
    {
        if (!E164().IsMatch(to))
        {
            return new { to, httpStatusCode = 400, successful = false, errorMessage = "Invalid To phone number format." };
        }

        if (requestId is not null && (!Guid.TryParse(requestId, out _)
            || !DateTimeOffset.TryParseExact(firstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)))
        {
            return new { to, httpStatusCode = 400, successful = false, errorMessage = "repeatabilityRequestId must be a UUID and repeatabilityFirstSent an RFC 1123 date." };
        }

        if (requestId is not null && _smsByRepeatabilityId.TryGetValue(requestId, out var first))
        {
            return new { to, messageId = first.MessageId, httpStatusCode = 202, repeatabilityResult = "rejected", successful = true };
        }

        var repeatabilityResult = requestId is null ? null : "accepted";
        if (_recipientFailures.TryDequeue(out var failureStatus))
        {
            return new { to, httpStatusCode = failureStatus, repeatabilityResult, successful = false, errorMessage = "The message could not be sent." };
        }

        var messageId = $"Outgoing_{now:yyyyMMddHHmmss}{Guid.NewGuid():N}_noam";
        var sms = new FakeAcsSms(messageId, from, to, message, requestId, firstSent, deliveryReport, tag, now);
        _sms.Add(sms);
        if (requestId is not null)
        {
            _smsByRepeatabilityId[requestId] = sms;
        }

        return new { to, messageId, httpStatusCode = 202, repeatabilityResult, successful = true };
    }

    private static Reply Denied(string message) => Error(HttpStatusCode.Unauthorized, "Denied", message);

    private static Reply Error(HttpStatusCode status, string code, string message) => new(status, new { error = new { code, message } });

    private static string Seconds(TimeSpan value) => ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    private sealed record Reply(HttpStatusCode Status, object? Body)
    {
        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed class Operation(string id, string? failureCode)
    {
        public string Id { get; } = id;
        public string? FailureCode { get; } = failureCode;
        public string Status { get; set; } = "Running";
        public int Polls { get; set; }
    }
}

/// <summary>A request the fake received: what, when (its clock), how it was authenticated and what it answered.</summary>
public sealed record FakeAcsRequest(
    string Method, string Target, int Status, DateTimeOffset ReceivedAt, string? AuthScheme, string? OperationId);

/// <summary>An email the fake accepted.</summary>
public sealed record FakeAcsEmail(
    string OperationId,
    string SenderAddress,
    IReadOnlyList<string> To,
    string Subject,
    string? PlainText,
    string? Html,
    bool UserEngagementTrackingDisabled,
    DateTimeOffset ReceivedAt);

/// <summary>An SMS the fake accepted.</summary>
public sealed record FakeAcsSms(
    string MessageId,
    string From,
    string To,
    string Message,
    string? RepeatabilityRequestId,
    string? RepeatabilityFirstSent,
    bool EnableDeliveryReport,
    string? Tag,
    DateTimeOffset ReceivedAt);

/// <summary>One SMS recipient as received, repeats included.</summary>
public sealed record FakeAcsSmsAttempt(
    string To, string? RepeatabilityRequestId, string? RepeatabilityFirstSent, DateTimeOffset ReceivedAt);
