namespace Cobranza.Durable.Local;

/// <summary>
/// A lock shared by processes on one machine: an exclusively opened file. Several test assemblies start in parallel
/// and must not run <c>npm ci</c> in the same folder at the same time. The OS releases it if the process dies.
/// </summary>
public sealed class CrossProcessFileLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessFileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits until the lock file can be opened exclusively, polling, for at most <paramref name="timeout"/>.</summary>
    public static async Task<CrossProcessFileLock> AcquireAsync(string path, TimeSpan timeout, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var giveUpAt = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                return new CrossProcessFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (time.GetUtcNow() < giveUpAt)
            {
                // Held by another process: wait and try again.
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
