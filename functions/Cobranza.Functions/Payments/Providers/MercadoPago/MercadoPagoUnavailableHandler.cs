using Cobranza.Functions.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// Answers a notification whose payment could not be read from Mercado Pago's API with 503 and Retry-After, as
/// problem+json: Mercado Pago retries anything but 2xx, and by then its API is likely back. Registered before the
/// storage handler, which would otherwise answer with a detail about storage.
/// </summary>
public sealed class MercadoPagoUnavailableHandler(IProblemDetailsService problems, ILogger<MercadoPagoUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not MercadoPagoUnavailableException)
        {
            return false;
        }

        logger.LogWarning(exception, "Mercado Pago notification {Path}{Query} not processed; answering 503", httpContext.Request.Path, httpContext.Request.QueryString);
        return await RetryLater.WriteAsync(problems, httpContext, exception, retryAfterSeconds: 30, "Mercado Pago unavailable",
            "The payment could not be read from Mercado Pago's API; nothing was changed. Send the notification again later.");
    }
}
