using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Identity;
using Microsoft.Extensions.Logging;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Sends one ACS request with the retry rules both channels share: 429, 408 and 5xx are tried again up to
/// <see cref="AcsOptions.MaxAttempts"/> honouring <c>Retry-After</c>; other 4xx are permanent; network errors and
/// timeouts are transient. Returns only successful responses; everything else becomes a <see cref="MessageSendException"/>.
/// </summary>
internal sealed partial class AcsRequestRunner(HttpClient http, AcsOptions options, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    /// <param name="createRequest">Builds a fresh request per attempt (a request message can be sent only once).</param>
    /// <param name="what">Names the request in errors and logs (<c>email send</c>); never personal data.</param>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            using (var request = createRequest())
            {
                try
                {
                    response = await http.SendAsync(request, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (TaskCanceledException e)
                {
                    throw new MessageSendException($"ACS {what} timed out.", isTransient: true, innerException: e);
                }
                catch (HttpRequestException e)
                {
                    throw new MessageSendException(
                        $"ACS {what} failed on the network ({e.HttpRequestError}).", isTransient: true, innerException: e);
                }
                catch (CredentialUnavailableException e)
                {
                    // No credential is configured here: trying again changes nothing until someone fixes the set-up.
                    throw new MessageSendException(
                        $"ACS {what}: no Entra ID credential is available.", isTransient: false, innerException: e);
                }
                catch (AuthenticationFailedException e)
                {
                    // Token endpoints (managed identity, Entra ID) fail intermittently; a later attempt may get one.
                    throw new MessageSendException(
                        $"ACS {what}: getting an Entra ID token failed.", isTransient: true, innerException: e);
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var errorCode = await ReadErrorCodeAsync(response, cancellationToken);
                if (!IsRetryable(response.StatusCode))
                {
                    throw new MessageSendException(
                        $"ACS refused the {what}: HTTP {status}{Describe(errorCode)}.", isTransient: false);
                }

                var retryAfter = ReadRetryAfter(response);
                if (retryAfter > options.MaxRetryDelay)
                {
                    // Longer than is worth holding a worker for: the caller reschedules the message instead.
                    throw new MessageSendException(
                        $"ACS answered the {what} with HTTP {status}{Describe(errorCode)} and asked to wait {retryAfter}.",
                        isTransient: true,
                        retryAfter);
                }

                var delay = retryAfter ?? Backoff(attempt);
                if (attempt >= options.MaxAttempts)
                {
                    throw new MessageSendException(
                        $"ACS answered the {what} with HTTP {status}{Describe(errorCode)} {attempt} times.",
                        isTransient: true,
                        delay);
                }

                LogRetrying(logger, what, status, attempt, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// How long ACS asked to wait: <c>retry-after-ms</c> / <c>x-ms-retry-after-ms</c> (milliseconds) first, then
    /// <c>Retry-After</c> (seconds or an HTTP date). Null when it did not say.
    /// </summary>
    public TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        foreach (var header in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValues(header, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
            _ => null,
        };
    }

    /// <summary>The <c>error.code</c> of an ACS error body; the message is left out, as it may quote an address.</summary>
    public static async Task<string?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (body.Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                    ? code.GetString()
                    : null;
        }
        catch (JsonException)
        {
            // Gateways in front of ACS answer with HTML or plain text; the status code alone has to do.
            return null;
        }
    }

    internal static string Describe(string? errorCode) => errorCode is null ? "" : $" ({errorCode})";

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private TimeSpan Backoff(int attempt)
    {
        var backoff = FirstBackoff * Math.Pow(2, attempt - 1);
        return backoff > options.MaxRetryDelay ? options.MaxRetryDelay : backoff;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS {What} answered {Status} on attempt {Attempt}; trying again in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string what, int status, int attempt, TimeSpan delay);
}
