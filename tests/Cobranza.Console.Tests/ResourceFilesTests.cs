using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cobranza.Console.Tests;

/// <summary>Every text of the console comes from i18n/{es,en,pt}.json: the three files agree and no text used is missing.</summary>
public sealed partial class ResourceFilesTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string WebRoot = Path.Combine(Root, "functions", "Cobranza.Functions", "wwwroot");
    private static readonly string[] Languages = ["es", "en", "pt"];

    [Fact]
    public void ResourceFiles_AllThreeLanguages_HaveTheSameKeysAndNoEmptyText()
    {
        var spanish = Texts("es");
        foreach (var language in Languages)
        {
            var texts = Texts(language);
            Assert.Equal(spanish.Keys.Order(), texts.Keys.Order());
            Assert.All(texts, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{language}: {pair.Key} is empty"));
        }
    }

    [Fact]
    public void ResourceFiles_EveryKeyTheScriptsAndPageUse_IsThere()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(WebRoot, "app"), "*.js", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(file);
            foreach (Match match in LiteralKey().Matches(source))
            {
                used.Add(match.Groups["key"].Value);
            }
        }

        foreach (Match match in StaticKey().Matches(File.ReadAllText(Path.Combine(WebRoot, "index.html"))))
        {
            used.Add(match.Groups["key"].Value);
        }

        Assert.True(used.Count > 100, $"Only {used.Count} keys found: the scan is broken.");
        foreach (var language in Languages)
        {
            var texts = Texts(language);
            Assert.Empty(used.Where(key => !texts.ContainsKey(key)).Select(key => $"{language}: {key}"));
        }
    }

    [Fact]
    public void ResourceFiles_EveryHistoryEntryTheDomainRecords_HasAName()
    {
        var types = Directory.EnumerateFiles(Path.Combine(Root, "functions"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => RecordedType().Matches(File.ReadAllText(file)).Select(m => m.Groups["type"].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("promiseRecorded", types);
        foreach (var language in Languages)
        {
            var texts = Texts(language);
            Assert.Empty(types.Where(type => !texts.ContainsKey($"history.{type}")).Select(type => $"{language}: history.{type}"));
        }
    }

    [Fact]
    public void ResourceFiles_EveryStateBucketRoleAndSort_HasAName()
    {
        string[] keys =
        [
            .. new[] { "active", "promised", "paused", "handedOff", "closed" }.Select(s => $"state.{s}"),
            .. new[] { "current", "1-30", "31-60", "61-90", "91+" }.Select(b => $"bucket.{b}"),
            .. new[] { "viewer", "collector", "supervisor" }.Select(r => $"role.{r}"),
            .. new[] { "-daysOverdue", "daysOverdue", "-balance", "balance", "nextAction", "-nextAction" }.Select(s => $"sort.{s}"),
            .. new[] { "pending", "deferred", "sent", "delivered", "bounced", "failed" }.Select(s => $"messageStatus.{s}"),
            .. new[] { "paid", "cancelled", "writtenOff" }.Select(r => $"closedReason.{r}"),
            .. new[] { "promise", "pause", "resume", "escalate", "cancel", "writeOff", "note" }.Select(a => $"action.{a}"),
            .. new[] { "promise", "pause", "resume", "escalateNext", "cancel", "writeOff", "note" }.Select(a => $"bulk.{a}"),
        ];
        foreach (var language in Languages)
        {
            var texts = Texts(language);
            Assert.Empty(keys.Where(key => !texts.ContainsKey(key)).Select(key => $"{language}: {key}"));
        }
    }

    private static Dictionary<string, string> Texts(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(WebRoot, "i18n", language + ".json")))!;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Cobranza.Functions.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("The repository root (Cobranza.Functions.sln) is not above the test assembly.");
    }

    // t('queue.title'), label: 'action.field.reason' and the like: the keys written out in the scripts.
    [GeneratedRegex(@"(?:\bt\(|label:\s*)'(?<key>[a-zA-Z]+\.[a-zA-Z0-9.+\-]+)'")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("data-i18n(?:-aria-label)?=\"(?<key>[^\"]+)\"")]
    private static partial Regex StaticKey();

    [GeneratedRegex(@"\.Record\(""(?<type>[a-zA-Z]+)""")]
    private static partial Regex RecordedType();
}
