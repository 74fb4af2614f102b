using System.Net;
using System.Text.Json;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// Template overrides over HTTP (<c>PUT/GET /api/templates/{id}/{language}/{channel}</c>) and their effect on the next
/// message, in an app of its own (an override changes every Spanish friendly reminder of the process).
/// </summary>
public sealed class TemplatesApiTests(TemplatesAppFixture fixture) : IClassFixture<TemplatesAppFixture>
{
    private const string FriendlyEmail = "api/templates/recordatorio-amable/es/email";

    private const string Override = """
        subject: Aviso de Cobranza: factura {{ invoice_number }}

        Estimado/a {{ debtor_name }}, su saldo pendiente es de {{ balance }} (vencida el {{ due_date }}).
        {% if payment_url %}Pague aquí: {{ payment_url }}{% endif %}

        Para no recibir más correos: {{ unsubscribe_url }}
        """;

    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task PutTemplate_UnknownVariable_Returns400ProblemNamingIt()
    {
        using var response = await Api.PutTemplateAsync(FriendlyEmail, "subject: Hola {{ debtor_name }}\n\nDebe {{ deuda_total }}.\n");

        var messages = await Problem.AssertValidationAsync(response, "text");
        Assert.Contains(messages, m => m.Contains("deuda_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutTemplate_ValidOverride_Returns200AndGetReturnsItAsOverride()
    {
        using var put = await Api.PutTemplateAsync(FriendlyEmail, Override);
        var saved = await CobranzaApi.ReadAsync<TemplateDto>(put, HttpStatusCode.OK);
        Assert.Equal(("recordatorio-amable", "es", "email", Override, true), (saved.Id, saved.Language, saved.Channel, saved.Text, saved.IsOverride));

        using var get = await Api.GetAsync(FriendlyEmail);
        var shown = await CobranzaApi.ReadAsync<TemplateDto>(get, HttpStatusCode.OK);

        Assert.Equal(("recordatorio-amable", "es", "email", Override, true), (shown.Id, shown.Language, shown.Channel, shown.Text, shown.IsOverride));
    }

    [Fact]
    public async Task GetTemplate_WithoutOverride_ReturnsTheShippedTextWithIsOverrideFalse()
    {
        using var get = await Api.GetAsync("api/templates/recordatorio-firme/pt/email");
        var shown = await CobranzaApi.ReadAsync<TemplateDto>(get, HttpStatusCode.OK);

        Assert.False(shown.IsOverride);
        Assert.StartsWith("subject: Segundo lembrete: fatura {{ invoice_number }} em aberto", shown.Text);
    }

    [Fact]
    public async Task PutTemplate_ValidOverride_NextMessageUsesIt()
    {
        using (var put = await Api.PutTemplateAsync(FriendlyEmail, Override))
        {
            await CobranzaApi.ReadAsync<JsonElement>(put, HttpStatusCode.OK);
        }

        var policy = Ids.NewPolicyName("override");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S"));
        var body = TestDebtor.Mexican().Invoice(policy, "TPL");
        await Api.OpenCaseAsync(body);

        var c = await fixture.WaitForStepSettledAsync(body.InvoiceId, 1);

        var email = c.Message("1-email");
        Assert.Equal($"Aviso de Cobranza: factura {c.InvoiceNumber}", email.Subject);
        var dueOn = body.DueOn().ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"Estimado/a Ana López, su saldo pendiente es de $1,234.50 MXN (vencida el {dueOn}).", email.Body);
        Assert.Contains($"Pague aquí: https://pay.example.com/{body.InvoiceId}", email.Body);
        Assert.Contains($"Para no recibir más correos: {MessagingSettings.PublicBaseUrl}/p/", email.Body);
        var outbox = (await fixture.Storage.OutboxAsync(body.InvoiceId))["1-email.json"].Message;
        Assert.Equal((email.Subject, email.Body), (outbox.Subject, outbox.Body));
        // The SMS has no override: it keeps the shipped text.
        Assert.Contains("Le recordamos que la factura", c.Message("1-sms").Body);
    }

    private sealed record TemplateDto(string Id, string Language, string Channel, string Text, bool IsOverride);
}
