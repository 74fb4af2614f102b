using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests.Support;

/// <summary>One browser context on the console: signs in, watches the page's console for missing texts and errors.</summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    private readonly List<string> _problems = [];

    public ConsoleSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            // A refused request is logged by the browser as "Failed to load resource"; the page handles those itself.
            if (message.Type is "error" or "warning" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (_problems)
                {
                    _problems.Add($"{message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_problems)
            {
                _problems.Add($"page error: {error}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>What the page reported on its console (missing i18n keys, script errors, CSP violations).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Opens the console and enters the staff key in the sign-in form (in Spanish, the default language).</summary>
    public async Task SignInAsync(string key, string route = "")
    {
        await Page.GotoAsync("/" + route);
        await Page.GetByLabel("Clave de personal").FillAsync(key);
        await Page.GetByLabel("Clave de personal").PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeVisibleAsync();
    }

    /// <summary>Fails when the page logged a problem: a missing text, a script error, a CSP refusal.</summary>
    public void AssertNoProblems()
    {
        var unexpected = Problems;
        Assert.True(unexpected.Count == 0, "The page reported:\n" + string.Join('\n', unexpected));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
