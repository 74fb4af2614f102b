namespace Cobranza.Functions.Unsubscribe;

/// <summary>The unsubscribe page's few words, Spanish first, then English and Portuguese.</summary>
public static class UnsubscribeTexts
{
    public sealed record Text(string Title, string Question, string Confirm, string Done, string Email, string Sms);

    public static Text For(string language) => language.Split('-')[0].ToLowerInvariant() switch
    {
        "en" => new("Unsubscribe", "Stop receiving {0} from {1} about your invoices?", "Unsubscribe", "Done: you will not receive {0} from us any more.", "emails", "text messages"),
        "pt" => new("Cancelar inscrição", "Deixar de receber {0} de {1} sobre as suas faturas?", "Cancelar inscrição", "Pronto: você não receberá mais {0} nossos.", "e-mails", "SMS"),
        _ => new("Darse de baja", "¿Dejar de recibir {0} de {1} sobre sus facturas?", "Darme de baja", "Listo: ya no recibirá {0} nuestros.", "correos", "SMS"),
    };
}
