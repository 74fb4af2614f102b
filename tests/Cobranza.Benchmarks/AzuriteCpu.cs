using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>
/// The CPU time used so far by the Azurite process listening on a given table port (found by its command line in
/// /proc), so that a stretch of work can be told apart as Azurite busy (its CPU time grows with the wall clock) or
/// Azurite waiting (for requests, or for a core on a busy machine). Linux only; elsewhere it reports nothing.
/// </summary>
public sealed class AzuriteCpu(int tablePort)
{
    private readonly string _portArgument = string.Create(CultureInfo.InvariantCulture, $"--tablePort\0{tablePort}\0");
    private string? _statPath;

    /// <summary>User + system CPU time of the Azurite process, or null when it cannot be read.</summary>
    public TimeSpan? Read()
    {
        try
        {
            _statPath ??= Find();
            if (_statPath is null)
            {
                return null;
            }

            // Fields 14 and 15 of /proc/{pid}/stat (after the parenthesised name) are utime and stime in clock ticks (100 a second).
            var stat = File.ReadAllText(_statPath);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private string? Find()
    {
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(process, "cmdline"));
                if (commandLine.Contains("azurite", StringComparison.Ordinal) && commandLine.Contains(_portArgument, StringComparison.Ordinal))
                {
                    return Path.Combine(process, "stat");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended meanwhile, or one we may not read.
            }
        }

        return null;
    }
}
