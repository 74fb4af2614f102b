namespace Cobranza.Domain.Tests.Builders;

/// <summary>A debtor in Santiago reachable by email and SMS unless told otherwise.</summary>
public sealed class DebtorBuilder
{
    public const string Santiago = "America/Santiago";
    public const string Madrid = "Europe/Madrid";

    private string _id = "D-100";
    private string _name = "Ferretería Los Andes SpA";
    private string? _email = "pagos@losandes.cl";
    private string? _phone = "+56912345678";
    private string _language = "es";
    private string _timeZone = Santiago;

    public DebtorBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public DebtorBuilder WithEmail(string? email)
    {
        _email = email;
        return this;
    }

    public DebtorBuilder WithPhone(string? phone)
    {
        _phone = phone;
        return this;
    }

    public DebtorBuilder WithLanguage(string language)
    {
        _language = language;
        return this;
    }

    public DebtorBuilder InZone(string timeZone)
    {
        _timeZone = timeZone;
        return this;
    }

    public Debtor Build() => new(_id, _name, _email, _phone, _language, _timeZone);
}
