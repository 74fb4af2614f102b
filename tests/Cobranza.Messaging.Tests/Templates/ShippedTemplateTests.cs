using Cobranza.Domain;
using Cobranza.Messaging.Templates;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class ShippedTemplateTests
{
    private readonly TemplateRenderer _renderer = TemplateTestData.Renderer();

    public static TheoryData<string, string, Channel> AllShipped => TemplateTestData.AllShipped();

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedTemplate_FullModel_RendersDebtorInvoiceAmountAndCompany(string templateId, string language, Channel channel)
    {
        // Every shipped file renders with a full model, from its own language (no fallback), and shows the essentials.
        var model = TemplateTestData.For(templateId, language);

        var message = _renderer.Render(templateId, Tone.Friendly, language, channel, model);

        Assert.Equal(new TemplateSource(templateId, language, channel, IsOverride: false), message.Source);
        Assert.Contains(TemplateTestData.DebtorName, message.Body);
        Assert.Contains(TemplateTestData.Company, message.Body);
        Assert.All(model.Invoices, invoice => Assert.Contains(invoice.Number, message.Body));

        // What is owed: the balance (and the invoiced amount in email); a combined message totals per currency, and its
        // email also lists each invoice's balance.
        Assert.All(model.Totals, total => Assert.Contains(total.Balance, message.Body));
        if (channel == Channel.Email)
        {
            Assert.All(model.Invoices, invoice => Assert.Contains(invoice.Balance, message.Body));
            if (templateId != TemplateIds.Combined)
            {
                Assert.Contains(model.Amount, message.Body);
            }
        }

        Assert.DoesNotContain("{{", message.Body);
        Assert.DoesNotContain("{%", message.Body);
        Assert.DoesNotContain("\n\n\n", message.Body);
    }

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedTemplate_WithPaymentUrl_IncludesPaymentLink(string templateId, string language, Channel channel)
    {
        var message = _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language));

        Assert.Contains(TemplateTestData.PaymentUrl, message.Body);
        if (channel == Channel.Email)
        {
            Assert.Contains($"<a href=\"{TemplateTestData.PaymentUrl}\">", message.Html);
        }
    }

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedTemplate_WithoutPaymentUrl_LeavesNoPaymentLineOrGap(string templateId, string language, Channel channel)
    {
        var withLink = _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language));
        var without = _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language, paymentUrl: null));

        Assert.DoesNotContain("pagos.example.com", without.Body);
        Assert.DoesNotContain("\n\n\n", without.Body);

        // The whole payment line goes, not just the URL: the text without it is shorter by more than the URL.
        Assert.True(withLink.Body.Length - without.Body.Length > TemplateTestData.PaymentUrl.Length);
        Assert.Equal(withLink.Body.Split('\n').Length - (channel == Channel.Email ? 2 : 1), without.Body.Split('\n').Length);
    }

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedTemplate_ByChannel_EmailHasSubjectHtmlAndUnsubscribeLinkSmsHasStopOptOut(string templateId, string language, Channel channel)
    {
        var message = _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language));

        if (channel == Channel.Email)
        {
            Assert.False(string.IsNullOrWhiteSpace(message.Subject));
            Assert.DoesNotContain('\n', message.Subject);
            Assert.Contains(TemplateTestData.UnsubscribeUrl, message.Body);
            Assert.Contains($"<a href=\"{TemplateTestData.UnsubscribeUrl}\">", message.Html);
            Assert.EndsWith(TemplateTestData.UnsubscribeUrl, message.Body);
        }
        else
        {
            Assert.Equal("", message.Subject);
            Assert.Null(message.Html);
            Assert.DoesNotContain(TemplateTestData.UnsubscribeUrl, message.Body);
            Assert.Contains("STOP", message.Body);
        }
    }

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedTemplate_Signature_EmailSignsAfterClosingAndSmsStartsWithCompany(string templateId, string language, Channel channel)
    {
        if (channel != Channel.Email)
        {
            // SMS carry the company as their first word instead (checked in the full-model test).
            Assert.StartsWith(TemplateTestData.Company, _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language)).Body);
            return;
        }

        var body = _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language)).Body;
        var lines = body.Split('\n');
        var companyLine = Array.LastIndexOf(lines, TemplateTestData.Company);

        Assert.True(companyLine > 0, "the company signs on a line of its own");
        Assert.EndsWith(",", lines[companyLine - 1]);
    }

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedSms_TypicalModel_FitsInTwoGsm7Segments(string templateId, string language, Channel channel)
    {
        if (channel != Channel.Sms)
        {
            Assert.Equal(Channel.Email, channel);
            return;
        }

        // A name without accents: the texts themselves are GSM-7, so they stay in 153-character parts unfolded.
        var message = _renderer.Render(templateId, Tone.Friendly, language, channel, TemplateTestData.For(templateId, language));
        var count = SmsSegments.Count(message.Body);

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.InRange(count.Segments, 1, 2);
    }

    [Theory]
    [MemberData(nameof(AllShipped))]
    public void ShippedSms_AccentedNamesFolded_FitsInTwoGsm7Segments(string templateId, string language, Channel channel)
    {
        if (channel != Channel.Sms)
        {
            Assert.Equal(Channel.Email, channel);
            return;
        }

        var model = TemplateTestData.For(templateId, language) with { DebtorName = "José María Gómez Muñoz", CompanyName = "Comercialização Ibérica" };

        var unfolded = _renderer.Render(templateId, Tone.Friendly, language, channel, model);
        var folded = _renderer.Render(templateId, Tone.Friendly, language, channel, model, foldAccents: true);

        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count(unfolded.Body).Encoding);
        var count = SmsSegments.Count(folded.Body);
        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.InRange(count.Segments, 1, 2);
        Assert.Contains("José Maria Gomez Muñoz", folded.Body);
        Assert.Contains("Comercializacao Ibérica", folded.Body);
    }

    public static TheoryData<string, Channel, string> FinalNoticeHandoffWords => new()
    {
        { "es", Channel.Email, "área jurídica" },
        { "es", Channel.Email, "agencia de cobranza externa" },
        { "es", Channel.Sms, "abogados" },
        { "es", Channel.Sms, "agencia de cobranza externa" },
        { "en", Channel.Email, "legal department" },
        { "en", Channel.Email, "collection agency" },
        { "en", Channel.Sms, "legal team" },
        { "en", Channel.Sms, "collection agency" },
        { "pt", Channel.Email, "departamento jurídico" },
        { "pt", Channel.Email, "agência de cobrança" },
        { "pt", Channel.Sms, "advogados" },
    };

    [Theory]
    [MemberData(nameof(FinalNoticeHandoffWords))]
    public void ToneEscalation_FinalNotice_MentionsHandoffThatFriendlyReminderDoesNot(string language, Channel channel, string handoff)
    {
        var model = TemplateTestData.Single(language);

        var final = _renderer.Render(TemplateIds.FinalNotice, Tone.Final, language, channel, model);
        var friendly = _renderer.Render(TemplateIds.FriendlyReminder, Tone.Friendly, language, channel, model);
        var firm = _renderer.Render(TemplateIds.FirmReminder, Tone.Firm, language, channel, model);
        var formal = _renderer.Render(TemplateIds.FormalNotice, Tone.Formal, language, channel, model);

        Assert.Contains(handoff, final.Body);
        Assert.DoesNotContain(handoff, friendly.Body);
        Assert.DoesNotContain(handoff, firm.Body);
        Assert.DoesNotContain(handoff, formal.Body);
    }

    public static TheoryData<string, string, string, string, string> SubjectsByTone => new()
    {
        // language, friendly, firm, formal, final
        { "es", "Recordatorio:", "Segundo recordatorio:", "Aviso formal de deuda:", "Último aviso" },
        { "en", "Friendly reminder:", "Second reminder:", "Formal notice", "Final notice" },
        { "pt", "Lembrete:", "Segundo lembrete:", "Notificação formal", "Último aviso" },
    };

    [Theory]
    [MemberData(nameof(SubjectsByTone))]
    public void ToneEscalation_EmailSubjects_ClimbFromReminderToFinalNotice(string language, string friendly, string firm, string formal, string final)
    {
        string Subject(string id, Tone tone) => _renderer.Render(id, tone, language, Channel.Email, TemplateTestData.Single(language)).Subject;

        Assert.StartsWith(friendly, Subject(TemplateIds.FriendlyReminder, Tone.Friendly));
        Assert.StartsWith(firm, Subject(TemplateIds.FirmReminder, Tone.Firm));
        Assert.StartsWith(formal, Subject(TemplateIds.FormalNotice, Tone.Formal));
        Assert.StartsWith(final, Subject(TemplateIds.FinalNotice, Tone.Final));
    }

    [Theory]
    [InlineData("es", "si ya realizó el pago")]
    [InlineData("en", "if you have already paid")]
    [InlineData("pt", "se o pagamento já foi feito")]
    public void ToneEscalation_FriendlyReminder_AssumesAnOversightAndSaysDaysOverdueOnlyFromFirmOn(string language, string oversight)
    {
        var model = TemplateTestData.Single(language);
        var days = $"{model.DaysOverdue} ";

        var friendly = _renderer.Render(TemplateIds.FriendlyReminder, Tone.Friendly, language, Channel.Email, model).Body;
        var firm = _renderer.Render(TemplateIds.FirmReminder, Tone.Firm, language, Channel.Email, model).Body;

        Assert.Contains(oversight, friendly);
        Assert.DoesNotContain(oversight, firm);
        Assert.DoesNotContain(days, friendly);
        Assert.Contains(days, firm);
    }

    [Fact]
    public void Combined_ThreeInvoicesTwoCurrencies_ListsEachInvoiceAndTotalPerCurrency()
    {
        var model = TemplateTestData.Combined("es-MX");

        var email = _renderer.Render(TemplateIds.Combined, Tone.Firm, "es-MX", Channel.Email, model);

        Assert.Equal("Estado de cuenta: 3 facturas vencidas", email.Subject);
        Assert.Contains("- Factura F-2026-00123: saldo de $12,345.67 MXN, vencida el 05/03/2026 (15 días de atraso)", email.Body);
        Assert.Contains("- Factura F-2026-00151: saldo de 800.00 USD, vencida el 19/03/2026 (1 día de atraso)", email.Body);
        Assert.Contains("Total pendiente: $14,345.67 MXN + 800.00 USD", email.Body);
        Assert.Contains("<ul>\n<li>Factura F-2026-00123:", email.Html);
    }

    [Fact]
    public void Html_DebtorNameWithMarkup_IsEncodedInHtmlButNotInPlainTextOrSms()
    {
        var model = TemplateTestData.Single("es-MX") with { DebtorName = "<b>Ana & Co</b>" };

        var email = _renderer.Render(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Email, model);
        var sms = _renderer.Render(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Sms, model);

        Assert.Contains("&lt;b&gt;Ana &amp; Co&lt;/b&gt;", email.Html);
        Assert.DoesNotContain("<b>", email.Html);
        Assert.Contains("Hola, <b>Ana & Co</b>:", email.Body);
        Assert.Contains("<b>Ana & Co</b>", sms.Body);
    }

    [Fact]
    public void Html_PaymentUrlWithQuery_IsOneEncodedLinkAndNoOtherTextBecomesALink()
    {
        var url = "https://pagos.example.com/p?id=7&token=a\"b";
        var model = TemplateTestData.Single("en-US", paymentUrl: url) with { DebtorName = "See https://evil.example.com now" };

        var html = _renderer.Render(TemplateIds.FriendlyReminder, Tone.Friendly, "en-US", Channel.Email, model).Html!;

        Assert.Contains("<a href=\"https://pagos.example.com/p?id=7&amp;token=a&quot;b\">", html);
        Assert.DoesNotContain("href=\"https://evil", html);
        Assert.Equal(2, html.Split("<a href=").Length - 1);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<title>Friendly reminder: invoice F-2026-00123 is past due</title>", html);
    }
}
