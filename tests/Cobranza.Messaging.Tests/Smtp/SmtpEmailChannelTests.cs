using System.Net;
using System.Net.Sockets;
using System.Text;
using Cobranza.Domain;
using Cobranza.Messaging.Smtp;
using Cobranza.Testing.Smtp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Cobranza.Messaging.Tests.Smtp;

public sealed class SmtpEmailChannelTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    private const string From = "Distribuidora Andina <cobranza@andina.example>";
    private static readonly DateTimeOffset _now = new(2026, 3, 20, 14, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan _arrival = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAsync_TextAndHtml_ArrivesWithHeadersBothPartsAndSpanishTextIntact()
    {
        var message = Message("ana.gomez@cliente.example") with
        {
            Subject = "¿Recordatorio? Factura F-001 de Año Nuevo, Ñandú",
            Body = "Hola, Ana Gómez:\n\n¿Ya pagó la factura? Señalamos que venció el 05/03/2026.\n\nDistribuidora Andina",
            HtmlBody = "<p>Hola, Ana Gómez:</p><p>¿Ya pagó la factura? Señalamos que venció.</p>",
        };

        var receipt = await Channel().SendAsync(message, default);
        var mail = await smtp.Server.WaitForAsync(m => m.RcptTo.Contains("ana.gomez@cliente.example"), _arrival);

        Assert.Equal("cobranza@andina.example", mail.MailFrom);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(mail.Message.From));
        Assert.Equal("Distribuidora Andina", from.Name);
        Assert.Equal("cobranza@andina.example", from.Address);
        Assert.Equal("ana.gomez@cliente.example", Assert.IsType<MailboxAddress>(Assert.Single(mail.Message.To)).Address);
        Assert.Equal(message.Subject, mail.Message.Subject);
        Assert.Equal("multipart/alternative", mail.Message.Body!.ContentType.MimeType);
        Assert.Equal(message.Body, mail.Message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(message.HtmlBody, mail.Message.HtmlBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(_now, mail.Message.Date);
        Assert.Equal(receipt.ProviderMessageId, mail.Message.MessageId);
        Assert.Equal(_now, receipt.SentAt);
    }

    [Fact]
    public async Task SendAsync_TextOnly_ArrivesAsSingleTextPart()
    {
        await Channel().SendAsync(Message("solo.texto@cliente.example"), default);
        var mail = await smtp.Server.WaitForAsync(m => m.RcptTo.Contains("solo.texto@cliente.example"), _arrival);

        Assert.Equal("text/plain", mail.Message.Body!.ContentType.MimeType);
        Assert.Null(mail.Message.HtmlBody);
    }

    [Fact]
    public async Task SendAsync_SameIdempotencyKeyTwice_CarriesTheSameDerivedMessageIdAndCobranzaHeader()
    {
        var message = Message("repetido@cliente.example") with { IdempotencyKey = "inv-42:step-2:email", MessageId = "msg-42-2-email" };
        var expected = SmtpEmailChannel.MessageIdFor("inv-42:step-2:email", "cobranza@andina.example");

        var first = await Channel().SendAsync(message, default);
        var second = await Channel().SendAsync(message, default);
        var mails = await smtp.Server.WaitForAsync(m => m.RcptTo.Contains("repetido@cliente.example"), count: 2, _arrival);

        Assert.Equal(expected, first.ProviderMessageId);
        Assert.Equal(expected, second.ProviderMessageId);
        Assert.Matches("^[0-9a-f]{32}@andina.example$", expected);
        Assert.All(mails, m => Assert.Equal(expected, m.Message.MessageId));
        Assert.All(mails, m => Assert.Equal("msg-42-2-email", m.Message.Headers[SmtpEmailChannel.MessageIdHeader]));
        Assert.Contains($"Message-Id: <{expected}>", Encoding.ASCII.GetString(mails[0].Raw), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_WithUserAndPassword_AuthenticatesAsThatUser()
    {
        await Channel().SendAsync(Message("autenticado@cliente.example"), default);
        var mail = await smtp.Server.WaitForAsync(m => m.RcptTo.Contains("autenticado@cliente.example"), _arrival);

        Assert.Equal(SmtpServerFixture.User, mail.User);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_IsTransientAndNothingArrives()
    {
        var channel = Channel(o => o.Password = "otra-clave");

        var error = await Assert.ThrowsAsync<MessageSendException>(() => channel.SendAsync(Message("mala.clave@cliente.example"), default));

        Assert.True(error.IsTransient);
        Assert.DoesNotContain(smtp.Server.Received, m => m.RcptTo.Contains("mala.clave@cliente.example"));
    }

    [Fact]
    public async Task SendAsync_RecipientRejectedWith550_IsPermanent()
    {
        var error = await Assert.ThrowsAsync<MessageSendException>(() => Channel().SendAsync(Message("rejected.buzon@cliente.example"), default));

        Assert.False(error.IsTransient);
        Assert.Contains("550", error.Message);
        Assert.DoesNotContain("rejected.buzon", error.Message);
    }

    [Fact]
    public async Task SendAsync_RecipientDeferredWith451_IsTransient()
    {
        var error = await Assert.ThrowsAsync<MessageSendException>(() => Channel().SendAsync(Message("deferred.buzon@cliente.example"), default));

        Assert.True(error.IsTransient);
        Assert.Contains("451", error.Message);
    }

    [Fact]
    public async Task SendAsync_NoServerListening_IsTransient()
    {
        var port = FreePort();
        var channel = Channel(o => o.Port = port);

        var error = await Assert.ThrowsAsync<MessageSendException>(() => channel.SendAsync(Message("nadie@cliente.example"), default));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswers_TimesOutAsTransient()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepting = silent.AcceptTcpClientAsync();
        var channel = Channel(o =>
        {
            o.Port = ((IPEndPoint)silent.LocalEndpoint).Port;
            o.Timeout = TimeSpan.FromSeconds(1);
        });

        var error = await Assert.ThrowsAsync<MessageSendException>(() => channel.SendAsync(Message("silencio@cliente.example"), default));

        Assert.True(error.IsTransient);
        (await accepting).Dispose();
    }

    [Fact]
    public async Task SendAsync_UseTlsAndServerWithoutStartTls_RefusesToSendInPlainText()
    {
        var channel = Channel(o => o.UseTls = true);

        var error = await Assert.ThrowsAsync<MessageSendException>(() => channel.SendAsync(Message("sin.tls@cliente.example"), default));

        Assert.True(error.IsTransient);
        Assert.Contains("STARTTLS", error.Message);
        Assert.DoesNotContain(smtp.Server.Received, m => m.RcptTo.Contains("sin.tls@cliente.example"));
    }

    [Fact]
    public async Task SendAsync_InvalidRecipientAddress_IsPermanentWithoutQuotingIt()
    {
        var error = await Assert.ThrowsAsync<MessageSendException>(() => Channel().SendAsync(Message("no es un correo"), default));

        Assert.False(error.IsTransient);
        Assert.DoesNotContain("no es un correo", error.Message);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Channel().SendAsync(Message("cancelado@cliente.example"), cancelled.Token));
    }

    private SmtpEmailChannel Channel(Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = smtp.Server.Port,
            User = SmtpServerFixture.User,
            Password = SmtpServerFixture.Password,
            From = From,
            UseTls = false,
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new SmtpEmailChannel(Options.Create(options), new FakeTimeProvider(_now), NullLogger<SmtpEmailChannel>.Instance);
    }

    private static OutboundMessage Message(string to) => new(
        IdempotencyKey: "key-" + to,
        InvoiceId: "inv-1",
        MessageId: "msg-" + to,
        Channel: Domain.Channel.Email,
        To: to,
        Language: "es-MX",
        Subject: "Recordatorio: factura F-001",
        Body: "Hola:\n\nLa factura F-001 venció.\n\nDistribuidora Andina",
        FirstAttemptAt: _now);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
