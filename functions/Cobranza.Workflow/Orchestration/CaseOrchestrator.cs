using Cobranza.Domain;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Cobranza.Workflow;

/// <summary>
/// One case, one orchestration (instance id = invoice id). It waits for whichever comes first of the case's timer and
/// a command (the external event <see cref="CommandEvent"/>), lets the pure <see cref="CaseDecider"/> decide with the
/// orchestration's own clock, commits the decision (<see cref="CommitCaseActivity"/>) and carries out its effects
/// (<see cref="RunCaseEffectActivity"/>), whose completions it decides next. Every <see cref="DecisionsPerExecution"/>
/// decisions it continues as new, so its history stays small; unprocessed events are carried over.
/// </summary>
public sealed class CaseOrchestrator(IWorkflowFaultInjector faults) : TaskOrchestrator<CaseRun, string?>
{
    public CaseOrchestrator()
        : this(NoWorkflowFaultInjector.Instance)
    {
    }

    public const string Name = nameof(CaseOrchestrator);

    /// <summary>The name of the external event that carries a <see cref="CaseCommandMessage"/>.</summary>
    public const string CommandEvent = "command";

    public const int DecisionsPerExecution = 25;

    public const string SystemActor = "system";

    // Activities retry quickly a few times in place; a failure beyond that waits on a durable timer and tries again,
    // for a case must never end in a failed orchestration because storage or a channel was down for a while.
    private static readonly TaskOptions ActivityRetries = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(10)));

    private static readonly TimeSpan[] FailureWaits = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    public override async Task<string?> RunAsync(TaskOrchestrationContext context, CaseRun input)
    {
        var logger = context.CreateReplaySafeLogger<CaseOrchestrator>();
        var run = input;
        var inbox = new Queue<CaseCommandMessage>();
        Task<CaseCommandMessage>? nextCommand = null;
        ArmedTimer? armed = null;
        var decisions = 0;
        while (true)
        {
            while (inbox.TryDequeue(out var message))
            {
                run = await DecideAsync(context, logger, run, message, inbox);
                decisions++;
            }

            // Only between commands: the waiter below holds no event yet, so nothing in hand is lost; events that arrived
            // meanwhile are carried over by ContinueAsNew.
            if (decisions >= DecisionsPerExecution && nextCommand is not { IsCompleted: true })
            {
                armed?.Cancel();
                if (!context.IsReplaying)
                {
                    faults.Reached(WorkflowFaultPoint.BeforeContinueAsNew, context.InstanceId);
                }

                context.ContinueAsNew(run, preserveUnprocessedEvents: true);
                return null;
            }

            // One waiter for commands stays pending across timer fires: a waiter abandoned by cancellation would still
            // be handed the next event (the SDK gives events to the latest waiter) and that event would be lost.
            nextCommand ??= context.WaitForExternalEvent<CaseCommandMessage>(CommandEvent);
            if (run.Timer is not { } timer)
            {
                armed?.Cancel();
                armed = null;
                inbox.Enqueue(await nextCommand);
                nextCommand = null;
                continue;
            }

            if (armed is null || armed.DueAt != timer.DueAt)
            {
                armed?.Cancel();
                armed = ArmedTimer.Create(context, timer.DueAt);
            }

            var winner = await Task.WhenAny(nextCommand, armed.Fired);
            if (winner == nextCommand)
            {
                inbox.Enqueue(nextCommand.Result);
                nextCommand = null;
                continue;
            }

            armed = null;
            // On Azure Storage a timer may fire up to a second early (queue visibility is whole seconds): wait again.
            if (Now(context) >= timer.DueAt)
            {
                inbox.Enqueue(CaseCommandMessage.From(new FireTimer(timer.Tag, timer.DueAt), SystemActor));
            }
        }
    }

    private static async Task<CaseRun> DecideAsync(TaskOrchestrationContext context, ILogger logger, CaseRun run, CaseCommandMessage message, Queue<CaseCommandMessage> inbox)
    {
        var now = Now(context);
        CaseCommand command;
        try
        {
            command = message.Decode();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
        {
            // A command this version cannot read must not fail the case's orchestration (and stop its ladder): it is
            // refused, logged, and its caller, if any, is told.
            logger.LogError("Case {InvoiceId} refused an unreadable command {Type}: {Error}", context.InstanceId, message.Type, e.Message);
            command = new UnreadableCommand();
        }

        var outcome = command is UnreadableCommand
            ? CaseOutcome.Reject(RejectionKind.Invalid, $"The command '{message.Type}' cannot be read.")
            : CaseDecider.Decide(run.Case, command, now);
        var changed = outcome.State is not null;
        var history = changed ? CaseHistory.Number(outcome.History, run.Version, message.Actor, now) : [];
        var version = run.Version + history.Count;
        var reply = message.Id is null ? null : new CaseReply(message.Id, outcome.Reply, outcome.Rejection, version);
        if (!changed && reply is null)
        {
            return run;
        }

        var next = run with
        {
            Case = outcome.State ?? run.Case,
            Version = version,
            Timer = changed ? run.TimerAfter(outcome.Timer) : run.Timer,
            Replies = run.RepliesWith(reply),
        };
        var commit = new CaseCommit(run.Case.InvoiceId, run.Case, next.Case, version, history, next.Replies, next.Timer, changed);
        await CallUntilDoneAsync<bool>(context, logger, CommitCaseActivity.Name, commit);
        if (outcome.Effects.Count == 0)
        {
            return next;
        }

        // A step's messages on several channels go out side by side; their completions are decided in order, before
        // any other command.
        var completions = await Task.WhenAll(outcome.Effects.Select(effect =>
            CallUntilDoneAsync<CaseCommandMessage?>(context, logger, RunCaseEffectActivity.Name, CaseEffectWork.For(next.Case, effect))));
        foreach (var completion in completions)
        {
            if (completion is not null)
            {
                inbox.Enqueue(completion);
            }
        }

        return next;
    }

    private static async Task<T> CallUntilDoneAsync<T>(TaskOrchestrationContext context, ILogger logger, string activity, object input)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                return await context.CallActivityAsync<T>(activity, input, ActivityRetries);
            }
            catch (TaskFailedException e)
            {
                var wait = FailureWaits[Math.Min(failures, FailureWaits.Length - 1)];
                logger.LogError("Activity {Activity} of case {InvoiceId} failed ({Failures} times in a row): {Error}; trying again in {Wait}",
                    activity, context.InstanceId, failures + 1, e.FailureDetails.ErrorMessage, wait);
                await context.CreateTimer(wait, CancellationToken.None);
            }
        }
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc), TimeSpan.Zero);

    /// <summary>Stands for a command that could not be decoded.</summary>
    private sealed record UnreadableCommand : CaseCommand;

    /// <summary>The durable timer of the case's pending action, cancelled when the action changes.</summary>
    private sealed class ArmedTimer(DateTimeOffset dueAt, Task fired, CancellationTokenSource cancellation)
    {
        public DateTimeOffset DueAt => dueAt;

        public Task Fired => fired;

        public static ArmedTimer Create(TaskOrchestrationContext context, DateTimeOffset dueAt)
        {
            var cancellation = new CancellationTokenSource();
            return new ArmedTimer(dueAt, context.CreateTimer(dueAt.UtcDateTime, cancellation.Token), cancellation);
        }

        public void Cancel()
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}
