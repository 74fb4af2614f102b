using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;

namespace Cobranza.Functions.Debtors;

/// <summary>Opting a debtor out of a channel: on the debtor's contact record (checked at every send) and on each case.</summary>
public static class DebtorOptOut
{
    public static async Task ApplyAsync(DebtorDirectory debtors, IDurableClient<DunningCase> cases, string debtorId, Channel channel, string source, CancellationToken cancellationToken)
    {
        await debtors.OptOutAsync(debtorId, channel, cancellationToken);
        foreach (var invoiceId in await debtors.CasesOfAsync(debtorId, cancellationToken))
        {
            await cases.SendAsync(invoiceId, CaseCommandCodec.Encode(new Domain.OptOut(channel, source), "debtor"), cancellationToken);
        }
    }
}
