using System.Text.Json;
using Cobranza.Durable;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Hosting.Triggers;

/// <summary>
/// When the Functions host drives the work, the queue functions in the package must be exactly the control queues the
/// app writes to: a package built for 4 partitions under an app set to 8 would leave half the queues unread, silently.
/// So a host-driven app compares its folders with its settings at start and refuses to run on a mismatch.
/// </summary>
public static class HostFunctionsCheck
{
    /// <summary>What is wrong with the control-queue functions in <paramref name="appRoot"/> for <paramref name="layout"/>; empty when they match.</summary>
    public static IReadOnlyList<string> Verify(string appRoot, StorageLayout layout, string? acsEventsQueue = null)
    {
        var errors = new List<string>();
        var acsEvents = ReadQueueName(Path.Combine(appRoot, HostFunctions.AcsEvents, "function.json"));
        if (acsEvents != (string.IsNullOrEmpty(acsEventsQueue) ? null : acsEventsQueue))
        {
            errors.Add(acsEvents is null
                ? $"Function {HostFunctions.AcsEvents} (queue {acsEventsQueue}) is missing from the package."
                : $"Function {HostFunctions.AcsEvents} listens to '{acsEvents}', but Cobranza:Acs:EventsQueue is '{acsEventsQueue}'.");
        }

        var expected = Enumerable.Range(0, layout.Partitions).ToDictionary(HostFunctions.ControlQueue, layout.ControlQueue);
        var present = Directory.Exists(appRoot)
            ? Directory.GetDirectories(appRoot, HostFunctions.ControlQueuePrefix + "*").Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];

        foreach (var (name, queue) in expected)
        {
            if (!present.Contains(name))
            {
                errors.Add($"Function {name} (queue {queue}) is missing from the package.");
                continue;
            }

            var actual = ReadQueueName(Path.Combine(appRoot, name, "function.json"));
            if (actual != queue)
            {
                errors.Add($"Function {name} listens to '{actual}', but the app writes that partition to '{queue}'.");
            }
        }

        errors.AddRange(present.Where(name => !expected.ContainsKey(name)).Order(StringComparer.Ordinal)
            .Select(name => $"Function {name} is in the package but the app has only {layout.Partitions} partitions."));
        return errors;
    }

    /// <summary>
    /// At start of a host-driven app under the Functions host (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set): throws naming
    /// the settings when the package and the settings disagree. Elsewhere (tests, a local run) there is no package.
    /// </summary>
    public static void ThrowIfMismatched(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DurableOptions>>().Value;
        if (!options.HostDriven || string.IsNullOrEmpty(services.GetRequiredService<IConfiguration>()[CustomHandler.PortSetting]))
        {
            return;
        }

        var errors = Verify(AppContext.BaseDirectory, services.GetRequiredService<StorageLayout>(),
            services.GetRequiredService<IConfiguration>()[Events.AcsEventQueueListener.QueueSetting]);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"{DurableOptions.SectionName}:{nameof(DurableOptions.HostDriven)} is true but the package's queue functions do not match " +
                $"{DurableOptions.SectionName}:{nameof(DurableOptions.Partitions)}={options.Partitions} and {DurableOptions.SectionName}:{nameof(DurableOptions.HubName)}={options.HubName} " +
                $"(publish with the same COBRANZA_PARTITIONS, COBRANZA_HUB_NAME and COBRANZA_ACS_EVENTS_QUEUE as the app settings): {string.Join(" ", errors)}");
        }
    }

    private static string? ReadQueueName(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("bindings").EnumerateArray()
                .Where(b => b.TryGetProperty("type", out var type) && type.GetString() == "queueTrigger")
                .Select(b => b.TryGetProperty("queueName", out var queue) ? queue.GetString() : null)
                .FirstOrDefault();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"(unreadable function.json: {e.Message})";
        }
    }
}
