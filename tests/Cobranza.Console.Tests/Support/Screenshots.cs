using Microsoft.Playwright;

namespace Cobranza.Console.Tests.Support;

/// <summary>Saves screenshots of the console as test artifacts in <c>TestResults/screenshots/</c> of this test project.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(ProjectFolder(), "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }

    /// <summary>tests/Cobranza.Console.Tests (the assembly runs from its bin/{configuration}/{framework}/).</summary>
    private static string ProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Cobranza.Console.Tests.csproj")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}
