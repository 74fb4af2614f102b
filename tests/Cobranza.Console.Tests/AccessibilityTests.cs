using Cobranza.Console.Tests.Support;
using Cobranza.Functions.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests;

/// <summary>
/// axe-core's WCAG 2.0/2.1 A and AA rules (labels, contrast, landmarks, names of controls) on the console's views. One
/// session visits them all: a scan takes seconds on a busy machine.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessibilityTests(ConsoleFixture fixture)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task Views_ScannedByAxe_HaveNoWcagAaViolations()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        var violations = new List<string>();

        await session.SignInAsync(TestCredentials.SupervisorKey);
        foreach (var route in new[] { "#/queue", $"#/cases/{fixture.Cases["ana-45"]}", "#/dashboard" })
        {
            await page.GotoAsync("/" + route);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await ScanAsync(page, route, violations);
        }

        Assert.Empty(violations);
    }

    private static async Task ScanAsync(IPage page, string view, List<string> violations)
    {
        var result = await page.RunAxe(WcagAa);
        Assert.NotEmpty(result.Passes);
        violations.AddRange(result.Violations.Select(v =>
            $"{view}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}"));
    }
}
