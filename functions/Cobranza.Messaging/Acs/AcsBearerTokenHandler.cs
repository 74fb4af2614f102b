using System.Net.Http.Headers;
using Azure.Core;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Authenticates requests with an Entra ID token for ACS (<see cref="Scope"/>), kept until shortly before it expires
/// so that not every request asks the credential.
/// </summary>
public sealed class AcsBearerTokenHandler(TokenCredential credential, TimeProvider time) : DelegatingHandler
{
    /// <summary>The token scope ACS accepts (the double slash is what the ACS SDKs send).</summary>
    public const string Scope = "https://communication.azure.com//.default";

    // Refresh ahead of expiry so a token never runs out between being read and reaching ACS.
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _refresh.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && IsFresh(cached))
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } refreshed && IsFresh(refreshed))
            {
                return refreshed.Token;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            _token = token;
            return token.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private bool IsFresh(AccessToken token)
    {
        var refreshAt = token.ExpiresOn - RefreshMargin;
        if (token.RefreshOn is { } suggested && suggested < refreshAt)
        {
            refreshAt = suggested;
        }

        return time.GetUtcNow() < refreshAt;
    }
}
