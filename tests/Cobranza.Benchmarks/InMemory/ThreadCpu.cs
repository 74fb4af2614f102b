using System.Runtime.InteropServices;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), to tell the in-memory storage's own CPU from the app's.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static bool Available { get; } = OperatingSystem.IsLinux();

    /// <summary>Nanoseconds of CPU this thread used so far; 0 where not available.</summary>
    public static long Nanoseconds()
    {
        if (!Available || ClockGetTime(ClockThreadCpuTime, out var time) != 0)
        {
            return 0;
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code in this project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
