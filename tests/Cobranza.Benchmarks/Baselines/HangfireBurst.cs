using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// One burst through Hangfire on PostgreSQL: the first reminder of every case scheduled as a delayed job at its due
/// time, each job scheduling the next; a Hangfire server in this process (default worker count) runs them. The
/// polling interval is both the server's SchedulePollingInterval (how often due delayed jobs are enqueued) and the
/// storage's QueuePollInterval (how often idle workers look for enqueued jobs); both default to 15 s.
/// </summary>
internal static class HangfireBurst
{
    public static async Task<List<ReminderFire>> RunAsync(string postgres, string azurite, string schema, TimeSpan polling,
        IReadOnlyList<(string CaseId, DateTimeOffset DueAt)> firstReminders, int steps, TimeSpan stepWait)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = true, QueuePollInterval = polling };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(postgres, options), options);
        var jobs = new BackgroundJobClient(storage);
        var outbox = new BlobContainerClient(azurite, "hangfire-outbox-" + schema.Replace('_', '-'));
        await outbox.CreateIfNotExistsAsync();
        var fires = new ConcurrentQueue<ReminderFire>();
        var job = new HangfireReminderJob(outbox, jobs, steps, stepWait, fires);

        foreach (var (caseId, dueAt) in firstReminders)
        {
            jobs.Schedule<HangfireReminderJob>(j => j.SendAsync(caseId, 1, dueAt), dueAt);
        }

        if (firstReminders.Min(r => r.DueAt) < DateTimeOffset.UtcNow)
        {
            Console.Error.WriteLine("warning: scheduling took longer than the lead time; the first reminders were due before all were scheduled");
        }

        var serverOptions = new BackgroundJobServerOptions { SchedulePollingInterval = polling, Activator = new HangfireReminderJob.Activator(job), ServerName = "bench-" + schema };
        using (new BackgroundJobServer(serverOptions, storage))
        {
            var expected = firstReminders.Count * steps;
            var giveUp = Stopwatch.StartNew();
            while (fires.Count < expected && giveUp.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(250);
            }
        }

        return [.. fires];
    }
}
