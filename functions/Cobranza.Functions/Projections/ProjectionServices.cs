using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Hosting;

namespace Cobranza.Functions.Projections;

public static class ProjectionServices
{
    /// <summary>The case index and dashboard counters, kept up to date by observing every commit of a case.</summary>
    public static IServiceCollection AddCaseProjections(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CaseIndex(sp.GetRequiredService<AppTables>().CaseIndex));
        services.AddSingleton(sp => new DashboardCounters(sp.GetRequiredService<AppTables>().Dashboard));
        services.AddSingleton<CaseProjections>();
        services.AddSingleton<IInstanceCommitObserver<DunningCase>>(sp => sp.GetRequiredService<CaseProjections>());
        services.AddSingleton<ProjectionRebuild>();
        return services;
    }
}
