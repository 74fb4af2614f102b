using Microsoft.DurableTask;

namespace Cobranza.Workflow;

/// <summary>Carries out one effect of a case through the application's <see cref="ICaseEffectRunner"/>.</summary>
public sealed class RunCaseEffectActivity(ICaseEffectRunner runner) : TaskActivity<CaseEffectWork, CaseCommandMessage?>
{
    public const string Name = nameof(RunCaseEffectActivity);

    public override async Task<CaseCommandMessage?> RunAsync(TaskActivityContext context, CaseEffectWork input)
    {
        var completion = await runner.RunAsync(input.InvoiceId, input.Decode(), input.Case, CancellationToken.None);
        return completion is null ? null : CaseCommandMessage.From(completion, CaseOrchestrator.SystemActor);
    }
}
