namespace Cobranza.Domain.Tests.Builders;

/// <summary>The ERP's "this invoice is overdue" command, with the same invoice data as <see cref="CaseBuilder"/>.</summary>
public sealed class OpenCaseBuilder
{
    private string _invoiceId = CaseBuilder.InvoiceId;
    private string? _invoiceNumber = "0042";
    private Debtor _debtor = new DebtorBuilder().Build();
    private decimal _amount = CaseBuilder.Amount;
    private string _currency = CaseBuilder.Currency;
    private DateOnly _issuedOn = new(2025, 2, 1);
    private DateOnly _dueOn = CaseBuilder.DueOn;
    private string? _paymentUrl = "https://pagos.example.cl/F-2025-0042";
    private DunningPolicy _policy = PolicyBuilder.Standard().Build();

    public OpenCaseBuilder WithDebtor(Debtor debtor)
    {
        _debtor = debtor;
        return this;
    }

    public OpenCaseBuilder WithAmount(decimal amount)
    {
        _amount = amount;
        return this;
    }

    public OpenCaseBuilder WithCurrency(string currency)
    {
        _currency = currency;
        return this;
    }

    public OpenCaseBuilder WithInvoiceNumber(string? invoiceNumber)
    {
        _invoiceNumber = invoiceNumber;
        return this;
    }

    public OpenCaseBuilder WithPaymentUrl(string? paymentUrl)
    {
        _paymentUrl = paymentUrl;
        return this;
    }

    public OpenCaseBuilder DueOn(DateOnly dueOn)
    {
        _dueOn = dueOn;
        return this;
    }

    public OpenCaseBuilder WithPolicy(DunningPolicy policy)
    {
        _policy = policy;
        return this;
    }

    public OpenCase Build() => new(_invoiceId, _invoiceNumber, _debtor, _amount, _currency, _issuedOn, _dueOn, _paymentUrl, _policy);
}
