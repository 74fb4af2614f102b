using Microsoft.DurableTask;

namespace Cobranza.Workflow;

/// <summary>Stores one decision of a case and updates its projections; true when this call stored it.</summary>
public sealed class CommitCaseActivity(CaseCommitter committer) : TaskActivity<CaseCommit, bool>
{
    public const string Name = nameof(CommitCaseActivity);

    public override Task<bool> RunAsync(TaskActivityContext context, CaseCommit input) =>
        committer.CommitAsync(input, CancellationToken.None);
}
