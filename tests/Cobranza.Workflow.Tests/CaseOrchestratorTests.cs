using Cobranza.Domain;
using Cobranza.Domain.Tests.Builders;
using Cobranza.Testing;
using Cobranza.Workflow.Tests.Support;

namespace Cobranza.Workflow.Tests;

/// <summary>Cases run as orchestrations on DTFx's Azure Storage provider on Azurite, with second-long ladders.</summary>
[Collection(WorkflowCollection.Name)]
public sealed class CaseOrchestratorTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Due in the past, so the first step's wait runs from the opening.
    private static OpenCase Open(string invoiceId, DunningPolicy policy, decimal amount = 1000m) =>
        new OpenCaseBuilder().WithPolicy(policy).WithAmount(amount).DueOn(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10))).Build() with { InvoiceId = invoiceId };

    private static DunningPolicy SecondLadder(string handoffWait = "PT1S") => PolicyBuilder.Empty()
        .WithStep("PT1S", "recordatorio-amable", Tone.Friendly, Channel.Email)
        .WithStep("PT1S", "recordatorio-firme", Tone.Firm, Channel.Email, Channel.Sms)
        .WithStep("PT1S", "aviso-formal", Tone.Formal, Channel.Email, Channel.Sms)
        .WithStep("PT1S", "ultimo-aviso", Tone.Final, Channel.Email, Channel.Sms)
        .HandingOffTo(HandoffTarget.Legal, handoffWait)
        .Build();

    private static string NewHub() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task SecondLadder_EscalatesThroughEveryStep_AndHandsOffOnceWithItsFile()
    {
        await using var host = await WorkflowHost.StartAsync(azurite, NewHub());

        var opened = await host.Client.OpenAsync(Open("F-LADDER", SecondLadder()), "erp", CancellationToken.None);
        Assert.Equal(ReplyKind.Created, opened.Outcome.Reply);
        Assert.NotNull(await host.Client.GetAsync("F-LADDER", withHistory: false, CancellationToken.None));

        var handedOff = await host.WaitForAsync("F-LADDER", c => c.History.Any(h => h.Type == "handoffDelivered"), Patience);
        var outbox = await host.OutboxOfAsync("F-LADDER");

        Assert.Equal(CaseState.HandedOff, handedOff.Case.State);
        Assert.Equal(4, handedOff.Case.CurrentStep);
        Assert.Single(handedOff.History, h => h.Type == "handedOff");
        // Step 1 by email, steps 2-4 by email and SMS: seven messages, each once; one handoff file.
        Assert.Equal(7, outbox.Count(b => !b.Name.StartsWith("handoffs/", StringComparison.Ordinal)));
        Assert.Single(outbox, b => b.Name == "handoffs/F-LADDER/case.json");
        Assert.All(handedOff.Case.Messages, m => Assert.Equal(CaseMessage.Sent, m.Status));
        Assert.Equal(Enumerable.Range(1, handedOff.History.Count).Select(i => (long)i), handedOff.History.Select(h => h.Seq));
    }

    [Fact]
    public async Task LadderInterruptedByAStoppedWorker_IsFinishedByTheNextOne_WithEachMessageOnce()
    {
        var hub = NewHub();
        var first = await WorkflowHost.StartAsync(azurite, hub);
        await first.Client.OpenAsync(Open("F-RESTART", SecondLadder()), "erp", CancellationToken.None);
        await first.WaitForAsync("F-RESTART", c => c.Case.CurrentStep >= 2, Patience);
        await first.DisposeAsync();

        await using var second = await WorkflowHost.StartAsync(azurite, hub);
        var handedOff = await second.WaitForAsync("F-RESTART", c => c.History.Any(h => h.Type == "handoffDelivered"), Patience);

        var outbox = await second.OutboxOfAsync("F-RESTART");
        Assert.Equal(7, outbox.Count(b => !b.Name.StartsWith("handoffs/", StringComparison.Ordinal)));
        Assert.Equal(7, handedOff.Case.Messages.Count);
        Assert.Single(handedOff.History, h => h.Type == "handedOff");
    }

    [Fact]
    public async Task PaidCase_GetsNothingAfterItsPayment()
    {
        await using var host = await WorkflowHost.StartAsync(azurite, NewHub());
        await host.Client.OpenAsync(Open("F-PAID", SecondLadder()), "erp", CancellationToken.None);
        await host.WaitForAsync("F-PAID", c => c.Case.CurrentStep >= 1, Patience);

        var paid = await host.Client.SendAsync("F-PAID", new ReceivePayment("PAY-1", 1000m, "CLP", DateTimeOffset.UtcNow), "payments", CancellationToken.None);
        var paidAt = DateTimeOffset.UtcNow;
        Assert.False(paid.Pending);
        Assert.Equal(CaseState.Closed, paid.Case!.State);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var outbox = await host.OutboxOfAsync("F-PAID");
        Assert.DoesNotContain(outbox, b => b.CreatedOn > paidAt);
        Assert.Equal(CaseState.Closed, (await host.Client.GetAsync("F-PAID", false, CancellationToken.None))!.Case.State);
    }

    [Fact]
    public async Task PromisedCase_StaysSilentUntilItsDate()
    {
        await using var host = await WorkflowHost.StartAsync(azurite, NewHub());
        await host.Client.OpenAsync(Open("F-PROMISE", SecondLadder()), "erp", CancellationToken.None);
        await host.WaitForAsync("F-PROMISE", c => c.Case.CurrentStep >= 1, Patience);

        var promised = await host.Client.SendAsync("F-PROMISE", new RecordPromise(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)), null, "llamó"), "ana", CancellationToken.None);
        var promisedAt = DateTimeOffset.UtcNow;
        Assert.Equal(CaseState.Promised, promised.Case!.State);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var after = (await host.Client.GetAsync("F-PROMISE", false, CancellationToken.None))!;
        Assert.Equal(CaseState.Promised, after.Case.State);
        Assert.True(after.Case.NextActionAt > DateTimeOffset.UtcNow.AddDays(3));
        Assert.DoesNotContain(await host.OutboxOfAsync("F-PROMISE"), b => b.CreatedOn > promisedAt);
    }

    [Fact]
    public async Task ConcurrentPayments_AreEachAppliedOnce_AcrossContinueAsNew()
    {
        await using var host = await WorkflowHost.StartAsync(azurite, NewHub());
        // No step due for a day: the case only takes payments.
        await host.Client.OpenAsync(Open("F-MANY", PolicyBuilder.Standard().WithWait(1, "P1D").Build(), amount: 1000m), "erp", CancellationToken.None);

        const int payments = 3 * CaseOrchestrator.DecisionsPerExecution;
        var results = await Task.WhenAll(Enumerable.Range(1, payments).Select(i =>
            host.Client.SendAsync("F-MANY", new ReceivePayment($"PAY-{i}", 2m, "CLP", DateTimeOffset.UtcNow), "payments", CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(ReplyKind.Changed, r.Outcome.Reply));
        var final = (await host.Client.GetAsync("F-MANY", true, CancellationToken.None))!;
        Assert.Equal(payments, final.Case.Payments.Count);
        Assert.Equal(1000m - 2m * payments, final.Case.Balance);
        Assert.Equal(payments, final.History.Count(h => h.Type == "paymentReceived"));
    }

    [Fact]
    public async Task StaffAction_RefusedByState_IsAnsweredWithoutRaisingIt_AndTheOrchestrationRefusesARacingDuplicate()
    {
        await using var host = await WorkflowHost.StartAsync(azurite, NewHub());
        await host.Client.OpenAsync(Open("F-PAUSE", PolicyBuilder.Standard().Build()), "erp", CancellationToken.None);

        var both = await Task.WhenAll(
            host.Client.SendAsync("F-PAUSE", new Pause("disputa"), "ana", CancellationToken.None),
            host.Client.SendAsync("F-PAUSE", new Pause("disputa"), "luis", CancellationToken.None));
        var again = await host.Client.SendAsync("F-PAUSE", new Pause("otra vez"), "ana", CancellationToken.None);

        Assert.Single(both, r => r.Outcome.Reply == ReplyKind.Changed);
        Assert.Single(both, r => r.Outcome.Rejection?.Kind == RejectionKind.InvalidState);
        Assert.Equal(RejectionKind.InvalidState, again.Outcome.Rejection?.Kind);
        Assert.Equal(CaseState.Paused, again.Case!.State);
    }
}
