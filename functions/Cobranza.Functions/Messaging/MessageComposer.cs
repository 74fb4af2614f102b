using Cobranza.Domain;
using Cobranza.Functions.Unsubscribe;
using Cobranza.Messaging.Templates;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// The text of a step's message, from the Liquid templates in the debtor's language: the step's own template, or the
/// combined one listing every invoice of the debtor that goes out with it. Every message carries an unsubscribe link.
/// </summary>
public sealed class MessageComposer(TemplateRenderer templates, LinkSigner links, IOptions<CompanyOptions> company, IConfiguration configuration)
{
    public const string PublicBaseUrlSetting = "Cobranza:PublicBaseUrl";
    public const string DefaultPublicBaseUrl = "http://localhost:7071";

    public sealed record Rendered(string Subject, string Body, string? Html);

    public async Task<Rendered> ComposeAsync(DunningCase @case, SendMessage message, IReadOnlyList<DunningCase> joined, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = LocalClock.LocalDate(now, @case.Debtor.Zone);
        var baseUrl = (configuration[PublicBaseUrlSetting] ?? DefaultPublicBaseUrl).TrimEnd('/');
        var unsubscribe = $"{baseUrl}/p/{await links.CreateAsync(@case.Debtor.Id, message.Channel, @case.Debtor.Language, cancellationToken)}";
        var model = joined.Count == 0
            ? MessageModel.ForCase(@case, company.Value.Name, today, unsubscribe)
            : MessageModel.ForInvoices(@case.Debtor.Language, @case.Debtor.Name, company.Value.Name,
                [Facts(@case), .. joined.Select(Facts)], today, paymentUrl: null, unsubscribe);
        var templateId = joined.Count == 0 ? message.Template : TemplateIds.Combined;
        var foldAccents = message.Channel == Channel.Sms && @case.Policy.Sms.FoldAccents;
        var rendered = await templates.RenderAsync(templateId, message.Tone, message.Language, message.Channel, model, foldAccents, cancellationToken);
        return new Rendered(rendered.Subject, rendered.Body, rendered.Html);
    }

    private static InvoiceFacts Facts(DunningCase c) => new(c.InvoiceNumber ?? c.InvoiceId, c.Amount, c.Balance, c.Currency, c.DueOn);
}
