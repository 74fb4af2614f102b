using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// How the HTTP side (webhooks, staff actions, the importer) talks to cases. An opening is decided and stored here, then
/// the case's orchestration starts from it, so the case can be read as soon as it is answered. Every other command is
/// first decided on the stored case: what that refuses (or what changes nothing) is answered at once; the rest is raised
/// on the orchestration, which decides it again on its own, newer state, and the caller waits, at most
/// <see cref="CaseWorkflowOptions.ReplyTimeout"/>, for that answer to be committed.
/// </summary>
public sealed class CaseWorkflowClient(
    CaseStore store,
    CaseCommitter committer,
    ICaseOrchestrations orchestrations,
    CaseCommitSignals signals,
    CaseWorkflowOptions options,
    IWorkflowFaultInjector faults,
    TimeProvider time)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Opens the case of an invoice, or applies the ERP's re-sent invoice to the open case.</summary>
    public async Task<CaseCommandResult> OpenAsync(OpenCase open, string actor, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(open.InvoiceId, cancellationToken) is { } existing)
        {
            await EnsureRunningAsync(existing, cancellationToken);
            return await SendAsync(existing, open, actor, cancellationToken);
        }

        var now = time.GetUtcNow();
        var outcome = CaseDecider.Decide(null, open, now);
        if (outcome.State is not { } opened)
        {
            return new CaseCommandResult(null, outcome);
        }

        var history = CaseHistory.Number(outcome.History, 0, actor, now);
        var stored = new StoredCase(opened, history.Count, [], outcome.Timer is CaseTimer.SetTimer set ? new CaseTimerDue(set.DueAt, set.Tag) : null, history);
        if (!await committer.OpenAsync(new CaseCommit(open.InvoiceId, null, opened, stored.Version, history, [], stored.Timer), cancellationToken))
        {
            // Another request opened it first: this one is the ERP sending it again.
            var winner = await store.GetAsync(open.InvoiceId, cancellationToken)
                ?? throw new InvalidOperationException($"Case {open.InvoiceId} was reported to exist but cannot be read.");
            return await SendAsync(winner, open, actor, cancellationToken);
        }

        faults.Reached(WorkflowFaultPoint.AfterCaseStored, open.InvoiceId);
        await orchestrations.StartAsync(open.InvoiceId, stored.ToRun(), cancellationToken);
        return new CaseCommandResult(stored, outcome);
    }

    /// <summary>
    /// Applies a command to a case and waits for its orchestration's answer, at most <paramref name="replyWait"/>
    /// (default <see cref="CaseWorkflowOptions.ReplyTimeout"/>; zero raises it and does not wait).
    /// </summary>
    public async Task<CaseCommandResult> SendAsync(string invoiceId, CaseCommand command, string actor, CancellationToken cancellationToken, TimeSpan? replyWait = null) =>
        await store.GetAsync(invoiceId, cancellationToken) is { } stored
            ? await SendAsync(stored, command, actor, cancellationToken, replyWait)
            : new CaseCommandResult(null, CaseDecider.Decide(null, command, time.GetUtcNow()));

    /// <summary>The case (with its history when asked); null when there is none.</summary>
    public Task<StoredCase?> GetAsync(string invoiceId, bool withHistory, CancellationToken cancellationToken) =>
        withHistory ? store.GetWithHistoryAsync(invoiceId, cancellationToken) : store.GetAsync(invoiceId, cancellationToken);

    private async Task<CaseCommandResult> SendAsync(StoredCase stored, CaseCommand command, string actor, CancellationToken cancellationToken, TimeSpan? replyWait = null)
    {
        var expected = CaseDecider.Decide(stored.Case, command, time.GetUtcNow());
        if (expected.State is null)
        {
            return new CaseCommandResult(stored, expected);
        }

        var id = Guid.NewGuid().ToString("N");
        var invoiceId = stored.Case.InvoiceId;
        var committed = signals.NextCommitAsync(invoiceId);
        await orchestrations.RaiseAsync(invoiceId, CaseCommandMessage.From(command, actor, id), cancellationToken);
        faults.Reached(WorkflowFaultPoint.AfterEventRaised, invoiceId);
        var deadline = time.GetUtcNow() + (replyWait ?? options.ReplyTimeout);
        if (replyWait == TimeSpan.Zero)
        {
            return new CaseCommandResult(stored, expected, Pending: true);
        }

        for (var poll = FirstPoll; ; poll = Min(poll * 2, LongestPoll))
        {
            var wait = Min(poll, deadline - time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(committed, Task.Delay(wait, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }

            committed = signals.NextCommitAsync(invoiceId);
            if (await store.GetAsync(invoiceId, cancellationToken) is { } after && after.Replies.FirstOrDefault(r => r.CommandId == id) is { } reply)
            {
                return new CaseCommandResult(after, new CaseOutcome(
                    reply.Reply is ReplyKind.Created or ReplyKind.Changed ? after.Case : null, [], [], CaseTimer.Keep, reply.Reply, reply.Rejection));
            }

            if (time.GetUtcNow() >= deadline)
            {
                return new CaseCommandResult(stored, expected, Pending: true);
            }
        }
    }

    /// <summary>
    /// A case stored without its orchestration (the process stopped between the two when it opened): started from the
    /// stored case when the ERP sends the invoice again.
    /// </summary>
    private async Task EnsureRunningAsync(StoredCase stored, CancellationToken cancellationToken)
    {
        if (!await orchestrations.ExistsAsync(stored.Case.InvoiceId, cancellationToken))
        {
            await orchestrations.StartAsync(stored.Case.InvoiceId, stored.ToRun(), cancellationToken);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
