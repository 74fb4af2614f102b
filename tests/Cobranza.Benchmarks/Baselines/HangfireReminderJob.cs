using System.Collections.Concurrent;
using System.Globalization;
using Azure.Storage.Blobs;
using Hangfire;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// A reminder as a Hangfire delayed job: write the message to the outbox (one blob per message, like the app's outbox
/// channel), then schedule the case's next reminder its wait after this one was sent, as Cobranza's ladder does.
/// </summary>
public sealed class HangfireReminderJob(BlobContainerClient outbox, IBackgroundJobClient jobs, int steps, TimeSpan stepWait, ConcurrentQueue<ReminderFire> fires)
{
    public async Task SendAsync(string caseId, int step, DateTimeOffset dueAt)
    {
        var sentAt = DateTimeOffset.UtcNow;
        var message = new { caseId, step, subject = $"Recordatorio {step}", dueAt, sentAt };
        await outbox.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"{caseId}/step-{step}.json")).UploadAsync(BinaryData.FromObjectAsJson(message), overwrite: true);
        fires.Enqueue(new ReminderFire(caseId, step, dueAt, sentAt));
        if (step < steps)
        {
            var next = sentAt + stepWait;
            jobs.Schedule<HangfireReminderJob>(j => j.SendAsync(caseId, step + 1, next), next);
        }
    }

    /// <summary>Hands Hangfire the one job instance of a run.</summary>
    public sealed class Activator(HangfireReminderJob job) : JobActivator
    {
        public override object ActivateJob(Type jobType) => jobType == typeof(HangfireReminderJob) ? job : base.ActivateJob(jobType);
    }
}
