using Cobranza.Domain;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// The texts that ship, one set per tone in Spanish, English and Portuguese. Placeholders in braces are filled by
/// <see cref="MessageRenderer"/>. A later issue makes templates editable; until then a step's template name picks nothing
/// more specific than its tone.
/// </summary>
internal static class BuiltInTemplates
{
    public sealed record Text(string Subject, string EmailBody, string Sms);

    public static Text For(Tone tone, string language) => (language, tone) switch
    {
        ("es", Tone.Friendly) => new(
            "Recordatorio: factura {invoice} vencida",
            "Hola {debtorName}:\n\nLe recordamos amablemente que la factura {invoice} por {amount} venció el {dueOn}. Si ya realizó el pago, por favor ignore este mensaje.\n\n{payLine}Gracias,\n{company}",
            "{company}: le recordamos que la factura {invoice} por {amount} venció el {dueOn}. {payShort}"),
        ("es", Tone.Firm) => new(
            "Segundo recordatorio: factura {invoice} pendiente de pago",
            "Estimado/a {debtorName}:\n\nLa factura {invoice} por {amount} sigue pendiente de pago; venció el {dueOn} ({daysOverdue} días de atraso). Le pedimos regularizarla a la brevedad o contactarnos para acordar una fecha de pago.\n\n{payLine}Atentamente,\n{company}",
            "{company}: la factura {invoice} por {amount} lleva {daysOverdue} días vencida. Por favor regularice el pago. {payShort}"),
        ("es", Tone.Formal) => new(
            "Aviso formal de deuda: factura {invoice}",
            "Estimado/a {debtorName}:\n\nPor medio del presente le notificamos formalmente que la factura {invoice} por {amount}, vencida el {dueOn}, continúa impaga tras {daysOverdue} días. Le solicitamos el pago inmediato del saldo pendiente.\n\n{payLine}Atentamente,\n{company}",
            "{company}: aviso formal. La factura {invoice} por {amount} continúa impaga. Pague a la brevedad. {payShort}"),
        ("es", Tone.Final) => new(
            "Último aviso antes de acciones de cobro: factura {invoice}",
            "Estimado/a {debtorName}:\n\nEste es el último aviso sobre la factura {invoice} por {amount}, vencida el {dueOn}. De no recibir el pago, el caso será traspasado a nuestra área jurídica o a una agencia de cobranza externa.\n\n{payLine}Atentamente,\n{company}",
            "{company}: último aviso. Factura {invoice} por {amount} impaga; de no pagar, el caso pasará a cobranza externa. {payShort}"),
        ("pt", Tone.Friendly) => new(
            "Lembrete: fatura {invoice} vencida",
            "Olá {debtorName},\n\nLembramos gentilmente que a fatura {invoice} no valor de {amount} venceu em {dueOn}. Se o pagamento já foi feito, por favor desconsidere esta mensagem.\n\n{payLine}Obrigado,\n{company}",
            "{company}: lembramos que a fatura {invoice} de {amount} venceu em {dueOn}. {payShort}"),
        ("pt", Tone.Firm) => new(
            "Segundo lembrete: fatura {invoice} em aberto",
            "Prezado(a) {debtorName},\n\nA fatura {invoice} no valor de {amount} continua em aberto; venceu em {dueOn} ({daysOverdue} dias de atraso). Pedimos que a regularize o quanto antes ou entre em contato para combinar uma data de pagamento.\n\n{payLine}Atenciosamente,\n{company}",
            "{company}: a fatura {invoice} de {amount} está vencida há {daysOverdue} dias. Por favor regularize. {payShort}"),
        ("pt", Tone.Formal) => new(
            "Notificação formal de débito: fatura {invoice}",
            "Prezado(a) {debtorName},\n\nNotificamos formalmente que a fatura {invoice} no valor de {amount}, vencida em {dueOn}, permanece sem pagamento após {daysOverdue} dias. Solicitamos o pagamento imediato do saldo.\n\n{payLine}Atenciosamente,\n{company}",
            "{company}: notificação formal. A fatura {invoice} de {amount} permanece em aberto. Pague o quanto antes. {payShort}"),
        ("pt", Tone.Final) => new(
            "Último aviso antes da cobrança externa: fatura {invoice}",
            "Prezado(a) {debtorName},\n\nEste é o último aviso sobre a fatura {invoice} no valor de {amount}, vencida em {dueOn}. Sem o pagamento, o caso será encaminhado ao nosso jurídico ou a uma agência de cobrança.\n\n{payLine}Atenciosamente,\n{company}",
            "{company}: último aviso. Fatura {invoice} de {amount} em aberto; sem pagamento, o caso irá para cobrança externa. {payShort}"),
        (_, Tone.Friendly) => new(
            "Reminder: invoice {invoice} is overdue",
            "Hello {debtorName},\n\nThis is a friendly reminder that invoice {invoice} for {amount} was due on {dueOn}. If you have already paid, please disregard this message.\n\n{payLine}Thank you,\n{company}",
            "{company}: a reminder that invoice {invoice} for {amount} was due on {dueOn}. {payShort}"),
        (_, Tone.Firm) => new(
            "Second reminder: invoice {invoice} remains unpaid",
            "Dear {debtorName},\n\nInvoice {invoice} for {amount} is still unpaid; it was due on {dueOn} ({daysOverdue} days ago). Please settle it promptly or contact us to agree a payment date.\n\n{payLine}Kind regards,\n{company}",
            "{company}: invoice {invoice} for {amount} is {daysOverdue} days overdue. Please pay. {payShort}"),
        (_, Tone.Formal) => new(
            "Formal notice of debt: invoice {invoice}",
            "Dear {debtorName},\n\nWe hereby formally notify you that invoice {invoice} for {amount}, due on {dueOn}, remains unpaid after {daysOverdue} days. We request immediate payment of the outstanding balance.\n\n{payLine}Kind regards,\n{company}",
            "{company}: formal notice. Invoice {invoice} for {amount} remains unpaid. Please pay now. {payShort}"),
        (_, _) => new(
            "Final notice before collection action: invoice {invoice}",
            "Dear {debtorName},\n\nThis is the final notice for invoice {invoice} for {amount}, due on {dueOn}. Unless payment is received, the case will be passed to our legal department or an external collection agency.\n\n{payLine}Kind regards,\n{company}",
            "{company}: final notice. Invoice {invoice} for {amount} is unpaid; without payment it goes to external collection. {payShort}"),
    };

    public static string PayLine(string language) => language switch
    {
        "es" => "Puede pagar en línea aquí: {paymentUrl}\n\n",
        "pt" => "Você pode pagar online aqui: {paymentUrl}\n\n",
        _ => "You can pay online here: {paymentUrl}\n\n",
    };

    public static string PayShort(string language) => language switch
    {
        "es" => "Pague aquí: {paymentUrl}",
        "pt" => "Pague aqui: {paymentUrl}",
        _ => "Pay here: {paymentUrl}",
    };
}
