using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// Reads a payment from Mercado Pago's API (<c>GET /v1/payments/{id}</c> with the access token): a notification only
/// names the payment, the API says what it is. Throttling (429), server errors, timeouts and network errors are retried
/// <see cref="Attempts"/> times in all, backing off exponentially from <see cref="FirstBackoff"/>, short enough to answer
/// within Mercado Pago's notification timeout; after that, or when the API refuses the token, it throws
/// <see cref="MercadoPagoUnavailableException"/> and Mercado Pago's own retry takes over.
/// </summary>
public sealed class MercadoPagoApi(HttpClient http, IConfiguration configuration, TimeProvider time, ILogger<MercadoPagoApi> logger)
{
    public const int Attempts = 3;
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly MercadoPagoOptions _options = MercadoPagoOptions.Read(configuration);

    /// <summary>The payment as the API answers it, or null when Mercado Pago knows no such payment (404).</summary>
    public async Task<JsonElement?> GetPaymentAsync(long paymentId, CancellationToken cancellationToken)
    {
        if (_options.AccessToken is null)
        {
            throw new MercadoPagoUnavailableException($"{MercadoPagoOptions.Section}:AccessToken is not configured, so notifications cannot be read.");
        }

        var uri = new Uri(_options.ApiBaseUrl, "v1/payments/" + paymentId.ToString(CultureInfo.InvariantCulture));
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            Exception? cause = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(AttemptTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                    using var document = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
                    return document.RootElement.Clone();
                }

                if (!IsTransient(response.StatusCode))
                {
                    // 401/403: the token is wrong or revoked. Retrying now will not help; Mercado Pago's retry after the fix will.
                    throw new MercadoPagoUnavailableException(
                        $"Mercado Pago's API answered {(int)response.StatusCode} for payment {paymentId}; check {MercadoPagoOptions.Section}:AccessToken.");
                }

                failure = $"answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                (failure, cause) = (e.Message, e);
            }
            catch (JsonException e)
            {
                (failure, cause) = ("answered something that is not JSON", e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                (failure, cause) = ($"did not answer within {AttemptTimeout.TotalSeconds:0} seconds", e);
            }

            if (attempt >= Attempts)
            {
                throw new MercadoPagoUnavailableException($"Mercado Pago's API {failure} for payment {paymentId}, {Attempts} times.", cause);
            }

            var backoff = FirstBackoff * Math.Pow(2, attempt - 1);
            logger.LogWarning("Mercado Pago's API {Failure} for payment {PaymentId} (attempt {Attempt} of {Attempts}); retrying in {Backoff}", failure, paymentId, attempt, Attempts, backoff);
            await Task.Delay(backoff, time, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
}
