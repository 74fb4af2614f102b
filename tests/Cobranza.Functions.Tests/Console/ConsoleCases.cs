using System.Globalization;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Console;

/// <summary>Opens the cases the console tests list: on a policy of their own whose ladder waits months, so nothing fires meanwhile.</summary>
public static class ConsoleCases
{
    public static async Task<string> NewQuietPolicyAsync(this CobranzaApi api)
    {
        var name = Ids.NewPolicyName("console");
        await api.PutPolicyAsync(name, PolicyBody.WithWaits("P200D", "P7D").HandedOffTo("legal", "P14D"));
        return name;
    }

    /// <summary>Opens a case due <paramref name="daysAgo"/> days before today (UTC; negative: not yet due).</summary>
    public static async Task<string> OpenAsync(this CobranzaApi api, string policy, string debtorId, int daysAgo, decimal amount, string currency = "USD")
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dueOn = today.AddDays(-daysAgo);
        var body = CaseBody.Valid(Ids.New("CON")).OnPolicy(policy).ForDebtor(debtorId).OfAmount(amount, currency)
            .With("issuedOn", dueOn.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .With("dueOn", dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return (await api.OpenCaseAsync(body)).InvoiceId;
    }
}
