using System.Net;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// Webhooks as the ERP and the payment provider send them after a dropped connection: the same request again. Both are
/// idempotent by business id, so a repeat answers 200 where the first delivery answered 202.
/// </summary>
public static class RetriedWebhooks
{
    /// <summary>Opens the case, or finds it opened by an earlier delivery whose answer was lost.</summary>
    public static async Task<CaseDto> OpenOrConfirmCaseAsync(this CobranzaApi api, CaseBody body)
    {
        using var response = await api.PostAsync("api/cases", body.ToJson());
        return await CobranzaApi.ReadAsync<CaseDto>(response, response.StatusCode == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.Accepted);
    }

    /// <summary>Records the payment, or finds it recorded by an earlier delivery whose answer was lost.</summary>
    public static async Task<PaymentResponseDto> PayOrConfirmAsync(this CobranzaApi api, PaymentBody payment)
    {
        using var response = await api.PostAsync("api/payments", payment.ToJson());
        return await CobranzaApi.ReadAsync<PaymentResponseDto>(response, response.StatusCode == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.Accepted);
    }
}
