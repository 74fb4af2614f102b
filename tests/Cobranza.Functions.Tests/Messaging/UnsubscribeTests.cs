using System.Net;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// The unsubscribe link of an email (<c>{PublicBaseUrl}/p/{token}</c>), followed as a debtor's browser would, against
/// the app under test: GET shows the page, POST (the page's one button) confirms.
/// </summary>
[Collection(AcsMessagingCollection.Name)]
public sealed class UnsubscribeTests(AcsAppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task UnsubscribeLink_Get_ShowsASpanishPageNamingTheEmailChannel()
    {
        var link = await LadderLinkAsync("es-MX");

        using var response = await Api.GetAsync(UnsubscribeLinks.PathOf(link));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"es-MX\">", page);
        Assert.Contains("Darse de baja", page);
        Assert.Contains("¿Dejar de recibir correos de Cobranza sobre sus facturas?", page);
        Assert.Contains("<form method=\"post\">", page);
        Assert.Contains("Darme de baja", page);
    }

    [Fact]
    public async Task UnsubscribeLink_Post_OptsEveryCaseOfTheDebtorOutOfEmailAndTheNextStepGoesBySms()
    {
        var policy = Ids.NewPolicyName("unsubscribe");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S", "P1D"));
        var debtor = TestDebtor.Mexican();
        var active = debtor.Invoice(policy, "UNS");
        var notYetDue = debtor.Invoice(policy, "UNS").NotYetDue();
        await Api.OpenCaseAsync(active);
        await Api.OpenCaseAsync(notYetDue);
        await fixture.WaitForStepSettledAsync(active.InvoiceId, 1);
        var email = Assert.Single(await fixture.WaitForEmailsAsync(debtor.Email, 1));
        var link = UnsubscribeLinks.In(email.PlainText!, MessagingSettings.PublicBaseUrl);

        using var response = await Api.Client.PostAsync(UnsubscribeLinks.PathOf(link), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Listo: ya no recibirá correos nuestros.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        foreach (var invoiceId in new[] { active.InvoiceId, notYetDue.InvoiceId })
        {
            var c = await fixture.WaitForCaseAsync(invoiceId, x => x.Has("optedOut"), "opted out of email");
            var entry = Assert.Single(c.Entries("optedOut"));
            Assert.Equal(("email", "unsubscribe link"), (entry.Details.Text("channel"), entry.Details.Text("source")));
        }

        await Api.EscalateNextAsync(active.InvoiceId);
        var after = await fixture.WaitForStepSettledAsync(active.InvoiceId, 2);

        Assert.Equal([("2-sms", "sent")], after.StepMessages(2).Select(m => (m.Id, m.Status)));
        Assert.Single(fixture.EmailsTo(debtor.Email));
        Assert.Equal(2, fixture.SmsTo(debtor.Phone).Count);
    }

    [Fact]
    public async Task UnsubscribeLink_TamperedToken_Returns404ProblemOnGetAndPost()
    {
        var path = UnsubscribeLinks.PathOf(await LadderLinkAsync("es-MX"));
        // The token is payload.signature (base64url): change the signature's first character.
        var dot = path.IndexOf('.', StringComparison.Ordinal) + 1;
        Assert.True(dot > 0, $"a token payload.signature in {path}");
        var tampered = path[..dot] + (path[dot] == 'A' ? 'B' : 'A') + path[(dot + 1)..];

        using var get = await Api.GetAsync(tampered);
        await Problem.AssertAsync(get, HttpStatusCode.NotFound);
        using var post = await Api.Client.PostAsync(tampered, new FormUrlEncodedContent([]));
        await Problem.AssertAsync(post, HttpStatusCode.NotFound);
    }

    /// <summary>The unsubscribe link of the first email of the fixture's ladder case in <paramref name="language"/>.</summary>
    private async Task<string> LadderLinkAsync(string language)
    {
        var (debtor, _, _) = fixture.Ladder[language];
        var email = (await fixture.WaitForEmailsAsync(debtor.Email, 1))[0];
        return UnsubscribeLinks.In(email.PlainText!, MessagingSettings.PublicBaseUrl);
    }
}
