using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>What every case of a three-step e-mail+SMS ladder must look like once it ended, whatever crashed meanwhile.</summary>
public static class ExactlyOnce
{
    public static readonly string[] LadderMessages = ["1-email", "1-sms", "2-email", "2-sms", "3-email", "3-sms"];

    /// <summary>Waits until the case was handed to the agency, then checks each step's message went out exactly once.</summary>
    public static async Task<CaseDto> AssertHandedOffWithEachMessageOnceAsync(CobranzaApi api, StorageProbe storage, string invoiceId, TimeSpan timeout)
    {
        var c = await api.WaitForCaseAsync(invoiceId, x => x.Has("handoffDelivered"), "handed off", timeout);

        Assert.Equal(("handedOff", "agency"), (c.State, c.HandedOffTo));
        Assert.Equal(1, c.Count("opened"));
        Assert.Equal(LadderMessages, c.Messages!.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(c.Messages!, m => Assert.Equal("sent", m.Status));
        Assert.Equal(LadderMessages, SentIds(c));
        Assert.Equal(LadderMessages.Select(m => m + ".json"), await storage.OutboxNamesAsync(invoiceId));
        Assert.Equal([1, 2, 3], c.History!.Where(h => h.Type == "stepFired").Select(h => h.Details.GetProperty("step").GetInt32()));
        Assert.Equal((1, 1, 0), (c.Count("handedOff"), c.Count("handoffDelivered"), c.Count("messageCancelled")));
        return c;
    }

    /// <summary>The ids of the case's <c>messageSent</c> history entries, sorted (a repeat shows as a duplicate).</summary>
    public static IEnumerable<string> SentIds(CaseDto c) =>
        c.History!.Where(h => h.Type == "messageSent").Select(h => h.Details.GetProperty("messageId").GetString()!).Order(StringComparer.Ordinal);
}
