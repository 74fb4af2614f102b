using Cobranza.Domain;
using Cobranza.Messaging.Templates;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class TemplateValidatorTests
{
    [Fact]
    public void Validate_UnknownVariable_ErrorNamesIt()
    {
        var errors = TemplateValidator.Validate("Hola {{ nombre_cliente }}, factura {{ invoice_number }}", Channel.Sms);

        var error = Assert.Single(errors);
        Assert.Contains("'nombre_cliente'", error);
    }

    [Fact]
    public void Validate_UnknownVariableInsideFilterArgumentAndCondition_ErrorsNameEach()
    {
        var errors = TemplateValidator.Validate("{% if saldo > 0 %}{{ amount | append: moneda }}{% endif %}", Channel.Sms);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("'saldo'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'moneda'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ParseError_IsReported()
    {
        var errors = TemplateValidator.Validate("Hola {{ debtor_name ", Channel.Sms);

        Assert.Contains("does not parse as Liquid", Assert.Single(errors));
    }

    [Fact]
    public void Validate_UnclosedBlock_IsReported()
    {
        var errors = TemplateValidator.Validate("subject: x\n\n{% if payment_url %}pague", Channel.Email);

        Assert.Contains("body does not parse", Assert.Single(errors));
    }

    [Fact]
    public void Validate_KnownVariablesWithFilters_IsValid()
    {
        var errors = TemplateValidator.Validate("{{ amount | upcase }} {{ debtor_name | truncate: 20 }} {{ days_overdue | plus: 1 }} {{ debtor_name.size }}", Channel.Sms);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_LoopVariableAndForloopInsideFor_AreAccepted()
    {
        var errors = TemplateValidator.Validate(
            "{% for i in invoices %}{{ forloop.index }}. {{ i.number }} {{ i.balance }} {{ i.due_date }} {{ i.days_overdue }}{% unless forloop.last %}, {% endunless %}{% endfor %}"
            + "{% for t in totals %}{{ t.currency }} {{ t.balance }}{% endfor %} {{ invoices.size }} {{ invoices.first.number }} {{ totals[0].balance }}",
            Channel.Sms);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_LoopVariableOutsideItsLoop_IsUnknown()
    {
        var errors = TemplateValidator.Validate("{% for i in invoices %}{{ i.number }}{% endfor %}{{ i.number }}", Channel.Sms);

        Assert.Contains("'i'", Assert.Single(errors));
    }

    [Fact]
    public void Validate_UnknownFieldOfLoopItem_ErrorNamesIt()
    {
        var errors = TemplateValidator.Validate("{% for i in invoices %}{{ i.numero }}{% endfor %}", Channel.Sms);

        var error = Assert.Single(errors);
        Assert.Contains("'numero'", error);
        Assert.Contains("i.numero", error);
    }

    [Fact]
    public void Validate_MemberOfScalar_IsRefused()
    {
        var errors = TemplateValidator.Validate("{{ debtor_name.first_name }}", Channel.Sms);

        Assert.Contains("'first_name'", Assert.Single(errors));
    }

    [Fact]
    public void Validate_UnknownFilter_ErrorNamesIt()
    {
        var errors = TemplateValidator.Validate("{{ amount | dinero }}", Channel.Sms);

        Assert.Contains("'dinero'", Assert.Single(errors));
    }

    [Fact]
    public void Validate_AssignedAndCapturedNames_AreAccepted()
    {
        var errors = TemplateValidator.Validate(
            "{% assign saludo = 'Hola' %}{% capture firma %}{{ company_name }}{% endcapture %}{{ saludo }} {{ debtor_name }} - {{ firma }}", Channel.Sms);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_ForloopOutsideLoop_IsRefused()
    {
        var errors = TemplateValidator.Validate("{{ forloop.index }}", Channel.Sms);

        Assert.Contains("outside a for loop", Assert.Single(errors));
    }

    [Fact]
    public void Validate_IncludeTag_IsRefused()
    {
        var errors = TemplateValidator.Validate("{% include 'otra' %}", Channel.Sms);

        Assert.Contains("'include'", Assert.Single(errors));
    }

    [Fact]
    public void Validate_EmailWithoutSubjectLine_IsRefused()
    {
        var errors = TemplateValidator.Validate("Hola {{ debtor_name }}", Channel.Email);

        Assert.Contains("subject:", Assert.Single(errors));
    }

    [Fact]
    public void Validate_SmsWithSubjectLine_IsRefused()
    {
        var errors = TemplateValidator.Validate("subject: Hola\n\nHola {{ debtor_name }}", Channel.Sms);

        Assert.Contains("no subject", Assert.Single(errors));
    }

    [Fact]
    public void Validate_UnknownVariableInSubject_SaysItIsInTheSubject()
    {
        var errors = TemplateValidator.Validate("subject: Factura {{ factura }}\r\n\r\nHola {{ debtor_name }}", Channel.Email);

        var error = Assert.Single(errors);
        Assert.Contains("'factura'", error);
        Assert.Contains("subject", error);
    }

    [Fact]
    public void Validate_EmailWithEmptyBody_IsRefused()
    {
        var errors = TemplateValidator.Validate("subject: Hola\n\n  \n", Channel.Email);

        Assert.Contains("body is empty", Assert.Single(errors));
    }

    [Fact]
    public void Validate_EveryKnownVariableAndField_IsAccepted()
    {
        var text = string.Join(" ", TemplateVariables.Known.Select(v => $"{{{{ {v} }}}}"))
            + "{% for i in invoices %}" + string.Join(" ", TemplateVariables.InvoiceFields.Select(f => $"{{{{ i.{f} }}}}")) + "{% endfor %}"
            + "{% for t in totals %}" + string.Join(" ", TemplateVariables.TotalFields.Select(f => $"{{{{ t.{f} }}}}")) + "{% endfor %}";

        Assert.Empty(TemplateValidator.Validate(text, Channel.Sms));
    }
}
