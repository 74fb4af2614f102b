using Azure.Core;
using Cobranza.Messaging.Acs;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsEntraIdTests
{
    [Fact]
    public async Task Send_EndpointWithoutConnectionString_SendsBearerTokenForTheAcsScopeAndFakeAcceptsIt()
    {
        var credential = new FakeTokenCredential("entra-token-1");
        await using var acs = await AcsHarness.StartAsync(
            settings: s =>
            {
                s["Endpoint"] = s["ConnectionString"]!.Split(';')[0]["endpoint=".Length..];
                s["ConnectionString"] = null;
            },
            services: s => s.AddSingleton<TokenCredential>(credential));
        acs.Server.AcceptedBearerToken = "entra-token-1";

        await acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None));
        await acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(acs.Server.Emails);
        Assert.Single(acs.Server.SmsMessages);
        Assert.All(acs.Server.Requests, r => Assert.Equal(("Bearer", true), (r.AuthScheme, r.Status < 300)));
        Assert.NotEmpty(credential.Requests);
        Assert.All(credential.Requests, scopes => Assert.Equal(["https://communication.azure.com//.default"], scopes));
    }

    [Fact]
    public async Task Send_TokenTheFakeDoesNotAccept_FailsPermanently()
    {
        await using var acs = await AcsHarness.StartAsync(
            settings: s =>
            {
                s["Endpoint"] = s["ConnectionString"]!.Split(';')[0]["endpoint=".Length..];
                s["ConnectionString"] = null;
            },
            services: s => s.AddSingleton<TokenCredential>(new FakeTokenCredential("stolen-token")));
        acs.Server.AcceptedBearerToken = "entra-token-1";

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.False(error.IsTransient);
        Assert.Equal(401, Assert.Single(acs.Server.Requests).Status);
    }

    /// <summary>Hands out one fixed token, and records the scopes asked for.</summary>
    private sealed class FakeTokenCredential(string token) : TokenCredential
    {
        // Hours after the harness clock's start, so the token stays fresh for the whole test.
        private static readonly DateTimeOffset ExpiresOn = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        private readonly List<string[]> _requests = [];

        public IReadOnlyList<string[]> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add(requestContext.Scopes);
            }

            return new AccessToken(token, ExpiresOn);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
