using Cobranza.Domain;
using Cobranza.Functions.Validation;

namespace Cobranza.Functions.Cases;

/// <summary>Checks the ERP's case payload field by field and builds the domain's <see cref="OpenCase"/> from it.</summary>
public static class CaseRequestValidator
{
    public const int MaxTextLength = 200;
    public const int MaxNoteLength = 2000;
    private static readonly DateOnly EarliestDate = new(1900, 1, 1);
    private static readonly DateOnly LatestDate = new(2200, 12, 31);

    /// <summary>Validates everything but the policy (resolved from storage); returns null with errors when invalid.</summary>
    public static OpenCase? Validate(CreateCaseRequest request, ValidationErrors errors)
    {
        if (!InputRules.IsValidId(request.InvoiceId))
        {
            errors.Add("invoiceId", "Required: 1-64 letters, digits or . _ - :");
        }

        if (request.InvoiceNumber is { Length: > 64 })
        {
            errors.Add("invoiceNumber", "At most 64 characters.");
        }

        var debtor = ValidateDebtor(request.Debtor, errors);
        var currency = ValidateCurrency(request.Currency, "currency", errors);
        ValidateAmount(request.Amount, currency, "amount", errors, allowZero: false);
        ValidateDate(request.IssuedOn, "issuedOn", errors);
        ValidateDate(request.DueOn, "dueOn", errors);
        if (request.IssuedOn is { } issued && request.DueOn is { } due && due < issued)
        {
            errors.Add("dueOn", "The due date cannot be before the issue date.");
        }

        if (request.PaymentUrl is not null
            && (!Uri.TryCreate(request.PaymentUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || request.PaymentUrl.Length > 2048))
        {
            errors.Add("paymentUrl", "Must be an absolute http(s) URL of at most 2048 characters.");
        }

        if (request.Policy is not null && !PolicyDocument.IsValidName(request.Policy))
        {
            errors.Add("policy", "A policy name is 1-64 lower-case letters, digits, '-' or '_'.");
        }

        return errors.IsEmpty
            ? new OpenCase(request.InvoiceId!, request.InvoiceNumber, debtor!, request.Amount!.Value, currency!.Code,
                request.IssuedOn!.Value, request.DueOn!.Value, request.PaymentUrl, Placeholder)
            : null;
    }

    /// <summary>Stands in for the policy until it is resolved from storage.</summary>
    private static readonly DunningPolicy Placeholder = new("", 0, [], new PolicyHandoff(HandoffTarget.Legal, IsoDuration.Zero), IsoDuration.Zero);

    public static Currency? ValidateCurrency(string? code, string field, ValidationErrors errors)
    {
        if (Currency.TryParse(code, out var currency))
        {
            return currency;
        }

        errors.Add(field, "Required: an ISO 4217 currency code in upper case, e.g. MXN, USD, EUR, CLP.");
        return null;
    }

    public static void ValidateAmount(decimal? amount, Currency? currency, string field, ValidationErrors errors, bool allowZero)
    {
        if (amount is not { } value)
        {
            errors.Add(field, "Required: a JSON number.");
        }
        else if (value < 0 || (!allowZero && value == 0))
        {
            errors.Add(field, "Must be more than zero.");
        }
        else if (value > 1_000_000_000_000m)
        {
            errors.Add(field, "Must be at most 1,000,000,000,000.");
        }
        else if (currency is not null && !currency.HasValidPrecision(value))
        {
            errors.Add(field, $"{currency.Code} has {currency.MinorUnits} decimal places; {value} has more.");
        }
    }

    public static void ValidateDate(DateOnly? date, string field, ValidationErrors errors)
    {
        if (date is not { } value)
        {
            errors.Add(field, "Required: a date as YYYY-MM-DD.");
        }
        else if (value < EarliestDate || value > LatestDate)
        {
            errors.Add(field, $"Must be between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.");
        }
    }

    /// <summary>An instant that has happened (a payment): not before <see cref="EarliestDate"/>, not more than a day ahead of <paramref name="now"/> (clock skew).</summary>
    public static void ValidatePastInstant(DateTimeOffset? at, string field, DateTimeOffset now, ValidationErrors errors)
    {
        if (at is not { } value)
        {
            errors.Add(field, "Required: an RFC 3339 instant, e.g. 2026-11-23T15:04:05Z.");
        }
        else if (DateOnly.FromDateTime(value.UtcDateTime) < EarliestDate || value > now.AddDays(1))
        {
            errors.Add(field, $"Must be between {EarliestDate:yyyy-MM-dd} and now.");
        }
    }

    public static string? ValidateText(string? text, string field, int maxLength, ValidationErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters.");
        }

        return text.Trim();
    }

    private static Debtor? ValidateDebtor(DebtorRequest? debtor, ValidationErrors errors)
    {
        if (debtor is null)
        {
            errors.Add("debtor", "Required: {id, name, email?, phone?, language, timeZone}.");
            return null;
        }

        var before = errors.FieldCount;
        if (!InputRules.IsValidId(debtor.Id))
        {
            errors.Add("debtor.id", "Required: 1-64 letters, digits or . _ - :");
        }

        var name = ValidateText(debtor.Name, "debtor.name", MaxTextLength, errors, required: true);
        var email = string.IsNullOrWhiteSpace(debtor.Email) ? null : debtor.Email.Trim();
        var phone = string.IsNullOrWhiteSpace(debtor.Phone) ? null : debtor.Phone.Trim();
        if (email is not null && !InputRules.IsEmail(email))
        {
            errors.Add("debtor.email", "Not a valid email address.");
        }

        if (phone is not null && !InputRules.IsE164(phone))
        {
            errors.Add("debtor.phone", "Must be an E.164 number such as +5215512345678.");
        }

        if (email is null && phone is null)
        {
            errors.Add("debtor.email", "At least one of email and phone is required.");
        }

        if (!InputRules.TryParseLanguage(debtor.Language, out var language))
        {
            errors.Add("debtor.language", "Required: a BCP 47 tag for Spanish, English or Portuguese, e.g. es, es-MX, en, pt-BR.");
        }

        if (!InputRules.TryGetTimeZone(debtor.TimeZone, out _))
        {
            errors.Add("debtor.timeZone", "Required: an IANA time zone, e.g. America/Mexico_City.");
        }

        return errors.FieldCount == before
            ? new Debtor(debtor.Id!, name!, email, phone, language!, debtor.TimeZone!)
            : null;
    }
}
