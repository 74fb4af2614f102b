using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>Starts several app processes at once (a start takes seconds, mostly JIT), leaving none behind if one fails.</summary>
public static class AppHosts
{
    public static async Task<AppHost[]> StartAllAsync(params IReadOnlyDictionary<string, string?>[] settings)
    {
        var starting = settings.Select(AppHost.StartAsync).ToArray();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }
}
