using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Debtors;
using Cobranza.Messaging;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// Sends one step message of a case, after a last look at everything that may forbid it now: the case no longer wants
/// it (skip), the debtor's contact hours (defer), an opted-out channel (skip, the step is decided again), the weekly
/// cap across the debtor's invoices (defer). Steps of the debtor's other invoices due within the combine window ride
/// along in one combined message. The outcome is the command that completes the effect on the case.
/// </summary>
public sealed class MessageDispatcher(
    IMessageChannelFactory channels,
    MessageComposer composer,
    DebtorDirectory debtors,
    ProviderMessageIndex providerIndex,
    MessageFailures failures,
    IDurableFaultInjector faults,
    IEffectGate<DunningCase> gate,
    IServiceProvider services,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<MessageDispatcher> logger)
{
    public const string Actor = "system";

    /// <summary>How long a dispatch lease lasts, and how long a sender waits for another invoice's dispatch to finish.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(20);

    /// <summary>The completion of the message effect, or null when another invoice's combined message carries it.</summary>
    public async Task<CaseCommand?> DispatchAsync(string invoiceId, string effectId, SendMessage message, DunningCase state, CancellationToken cancellationToken)
    {
        if (CaseDecider.CarriedBy(state, message.MessageId) is { } carrier && carrier != invoiceId)
        {
            return null;
        }

        if (!CaseDecider.IsMessageWanted(state, message.MessageId))
        {
            logger.LogInformation("Message {MessageId} of {InvoiceId} skipped: the case is {State}", message.MessageId, invoiceId, Wire.Name(state.State));
            await ReleaseRidersAsync(invoiceId, state.Debtor.Id, cancellationToken);
            return new SkipMessage(message.MessageId, $"case {Wire.Name(state.State)}");
        }

        var now = time.GetUtcNow();
        var rules = state.Policy.ContactRules;
        var zone = state.Debtor.Zone;
        if (rules is not null && !ContactWindow.IsAllowed(now, rules, zone))
        {
            return new DeferMessage(message.MessageId, ContactWindow.NextAllowed(now, rules, zone), "outside the debtor's contact hours", Transient: false);
        }

        var debtor = await debtors.ReadAsync(state.Debtor.Id, cancellationToken);
        if (debtor.Contacts.OptedOut.Contains(message.Channel))
        {
            return new SkipMessage(message.MessageId, $"debtor opted out of {Wire.Name(message.Channel)}");
        }

        var others = debtor.Invoices.Where(id => id != invoiceId).ToList();
        if (others.Count == 0)
        {
            return await ReserveAndSendAsync(invoiceId, effectId, message, state, others, cancellationToken);
        }

        // The debtor has other invoices: send under the debtor's dispatch lease, so that of two invoices due together one
        // carries the other instead of both going out alone.
        if (!await AcquireLeaseAsync(state.Debtor.Id, invoiceId, cancellationToken))
        {
            throw new TimeoutException($"The dispatch lease of debtor {state.Debtor.Id} stayed taken; the message is retried.");
        }

        try
        {
            var current = await ReadAsync(invoiceId, cancellationToken) ?? state;
            if (CaseDecider.CarriedBy(current, message.MessageId) is { } joinedTo && joinedTo != invoiceId)
            {
                return null;
            }

            if (!CaseDecider.IsMessageWanted(current, message.MessageId))
            {
                await ReleaseRidersAsync(invoiceId, state.Debtor.Id, cancellationToken);
                return new SkipMessage(message.MessageId, $"case {Wire.Name(current.State)}");
            }

            return await ReserveAndSendAsync(invoiceId, effectId, message, current, others, cancellationToken);
        }
        finally
        {
            await debtors.ReleaseDispatchAsync(state.Debtor.Id, invoiceId, cancellationToken);
        }
    }

    /// <summary>Takes a slot of the debtor's weekly cap (one per step, whatever rides along), then joins and sends.</summary>
    private async Task<CaseCommand> ReserveAndSendAsync(string invoiceId, string effectId, SendMessage message, DunningCase state, IReadOnlyList<string> others, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (state.Policy.ContactRules is { } rules
            && await debtors.TryReserveContactAsync(state.Debtor.Id, $"{invoiceId}:step-{message.Step}", now, rules.MaxPer7Days, cancellationToken) is { } freeAt)
        {
            return new DeferMessage(message.MessageId, ContactWindow.NextAllowed(freeAt, rules, state.Debtor.Zone),
                $"the debtor's limit of {rules.MaxPer7Days} contacts in 7 days is reached", Transient: false);
        }

        var joined = others.Count == 0 ? [] : await JoinOthersAsync(invoiceId, others, state, message, now, cancellationToken);
        return await SendAsync(invoiceId, effectId, message, state, joined, now, cancellationToken);
    }

    private async Task<bool> AcquireLeaseAsync(string debtorId, string holder, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + LeaseWait;
        while (true)
        {
            var now = time.GetUtcNow();
            if (await debtors.TryAcquireDispatchAsync(debtorId, holder, now, now + LeaseDuration, cancellationToken))
            {
                return true;
            }

            if (now > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    private async Task<CaseCommand> SendAsync(string invoiceId, string effectId, SendMessage message, DunningCase state, List<Joined> joined, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rendered = await composer.ComposeAsync(state, message, joined.Select(j => j.Case).ToList(), now, cancellationToken);
        var outbound = new OutboundMessage($"{invoiceId}:{effectId}", invoiceId, message.MessageId, message.Channel, message.To, message.Language,
            rendered.Subject, rendered.Body, message.DecidedAt, rendered.Html);
        try
        {
            if (await SendUnlessUnwantedAsync(invoiceId, message, state, outbound, cancellationToken) is not { } receipt)
            {
                // A payment (or another change) committed here since the state was taken: the message stays unsent.
                foreach (var other in joined)
                {
                    await CommandAsync(other.Case.InvoiceId, new SkipMessage(other.MessageId, $"invoice {invoiceId} no longer sends"), cancellationToken);
                }

                return new SkipMessage(message.MessageId, "the case changed before the message left");
            }

            faults.Reached(DurableFaultPoint.AfterExternalAccept, invoiceId);
            await providerIndex.AddAsync(receipt.ProviderMessageId,
                [new(invoiceId, message.MessageId), .. joined.Select(j => new ProviderMessageIndex.Entry(j.Case.InvoiceId, j.MessageId))], cancellationToken);
            foreach (var other in joined)
            {
                await CommandAsync(other.Case.InvoiceId, new ConfirmMessage(other.MessageId, rendered.Subject, rendered.Body, receipt.SentAt, receipt.ProviderMessageId), cancellationToken);
            }

            logger.LogInformation("Message {MessageId} of {InvoiceId} sent on {Channel} with {Joined} other invoices", message.MessageId, invoiceId, Wire.Name(message.Channel), joined.Count);
            return new ConfirmMessage(message.MessageId, rendered.Subject, rendered.Body, receipt.SentAt, receipt.ProviderMessageId);
        }
        catch (MessageSendException e)
        {
            // The other invoices go back to their own ladders rather than wait on this message.
            foreach (var other in joined)
            {
                await CommandAsync(other.Case.InvoiceId, new SkipMessage(other.MessageId, "the combined message could not be sent"), cancellationToken);
            }

            logger.LogWarning("Message {MessageId} of {InvoiceId} not sent on {Channel} ({Kind}): {Reason}", message.MessageId, invoiceId, Wire.Name(message.Channel), e.IsTransient ? "transient" : "permanent", e.Message);
            var current = state.Messages.First(m => m.Id == message.MessageId);
            if (!e.IsTransient || current.FailsOnNextTransientDeferral)
            {
                await failures.RecordAsync(message.Channel, cancellationToken);
            }

            return e.IsTransient
                ? new DeferMessage(message.MessageId, now + (e.RetryAfter ?? options.Value.TransientRetryDelay), e.Message, Transient: true)
                : new FailMessage(message.MessageId, e.Message);
        }
    }

    /// <summary>
    /// Sends through the durable runtime's gate: no command of the case commits in this process from the last look at
    /// its state until the channel took the message, so a payment recorded here is never followed by a message. Null
    /// when the message is no longer wanted.
    /// </summary>
    private async Task<SendReceipt?> SendUnlessUnwantedAsync(string invoiceId, SendMessage message, DunningCase state, OutboundMessage outbound, CancellationToken cancellationToken)
    {
        using var pass = await gate.EnterAsync(invoiceId, state, cancellationToken);
        if (pass.State is not { } current || !CaseDecider.IsMessageWanted(current, message.MessageId))
        {
            logger.LogInformation("Message {MessageId} of {InvoiceId} not sent: the case changed before it left", message.MessageId, invoiceId);
            return null;
        }

        return await channels.For(message.Channel).SendAsync(outbound, cancellationToken);
    }

    private sealed record Joined(DunningCase Case, string MessageId);

    /// <summary>
    /// This invoice's message will not go out (an earlier attempt had already taken others along, then the case was paid):
    /// the messages riding on it go back to their own ladders instead of waiting for it forever.
    /// </summary>
    private async Task ReleaseRidersAsync(string invoiceId, string debtorId, CancellationToken cancellationToken)
    {
        foreach (var other in await debtors.CasesOfAsync(debtorId, cancellationToken))
        {
            if (other == invoiceId || await ReadAsync(other, cancellationToken) is not { } rider)
            {
                continue;
            }

            foreach (var riding in rider.Messages.Where(m => m.CombinedWith == invoiceId && m.Status == CaseMessage.Pending).ToList())
            {
                await CommandAsync(other, new SkipMessage(riding.Id, $"invoice {invoiceId} no longer sends"), cancellationToken);
            }
        }
    }

    /// <summary>Asks the debtor's other open invoices to ride along; those whose next step is due within the window join.</summary>
    private async Task<List<Joined>> JoinOthersAsync(string invoiceId, IReadOnlyList<string> others, DunningCase state, SendMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var joined = new List<Joined>();
        var stepChannels = state.Messages.Where(m => m.Step == message.Step).Select(m => m.Channel).Distinct().ToList();
        foreach (var other in others)
        {
            var result = await CommandAsync(other, new JoinCombined(invoiceId, now + options.Value.CombineWindow, stepChannels), cancellationToken);
            var ride = result?.Messages.FirstOrDefault(m => m.CombinedWith == invoiceId && m.Channel == message.Channel && m.Step == result.CurrentStep && m.IsOutstanding);
            if (ride is not null)
            {
                joined.Add(new Joined(result!, ride.Id));
            }
        }

        return joined;
    }

    // The durable client is resolved lazily: it depends on the effect executor, which depends on this dispatcher.
    private async Task<DunningCase?> CommandAsync(string invoiceId, CaseCommand command, CancellationToken cancellationToken) =>
        (await services.GetRequiredService<IDurableClient<DunningCase>>().SendAsync(invoiceId, CaseCommandCodec.Encode(command, Actor), cancellationToken)).State;

    private async Task<DunningCase?> ReadAsync(string invoiceId, CancellationToken cancellationToken) =>
        (await services.GetRequiredService<IDurableClient<DunningCase>>().GetAsync(invoiceId, includeHistory: false, cancellationToken))?.State;
}
