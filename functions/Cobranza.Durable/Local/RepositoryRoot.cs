namespace Cobranza.Durable.Local;

/// <summary>Finds the repository root: the first folder, walking up, with <c>package.json</c> beside <c>Cobranza.Functions.sln</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>The root, searched from <paramref name="startDirectory"/> (default: the app's base directory); null when not inside the repository.</summary>
    public static string? TryFind(string? startDirectory = null)
    {
        for (var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Cobranza.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="TryFind"/>, but throws when the repository root is not found.</summary>
    public static string Find(string? startDirectory = null) =>
        TryFind(startDirectory)
        ?? throw new DirectoryNotFoundException(
            $"No folder with package.json beside Cobranza.Functions.sln above '{startDirectory ?? AppContext.BaseDirectory}'; local Azurite needs the repository checkout.");
}
