using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Workflow.Dtfx;

/// <summary>Creates an activity for each execution from the service provider, wrapped by the Durable Task SDK's shim.</summary>
internal sealed class ActivityCreator<TActivity> : ObjectCreator<TaskActivity> where TActivity : ITaskActivity
{
    private readonly IServiceProvider _services;
    private readonly DurableTaskShimFactory _shims;

    public ActivityCreator(string name, IServiceProvider services, DurableTaskShimFactory shims)
    {
        Name = name;
        Version = string.Empty;
        _services = services;
        _shims = shims;
    }

    public override TaskActivity Create() => _shims.CreateActivity(Name, ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(_services));
}
