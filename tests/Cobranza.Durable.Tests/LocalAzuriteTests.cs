using Cobranza.Durable.Local;

namespace Cobranza.Durable.Tests;

public sealed class LocalAzuriteTests
{
    [Fact]
    public void RepositoryRoot_FromTestOutputFolder_FindsTheCheckout()
    {
        var root = RepositoryRoot.Find();

        Assert.True(File.Exists(Path.Combine(root, "Cobranza.Functions.sln")));
        Assert.Null(RepositoryRoot.TryFind(Path.GetTempPath()));
    }

    [Fact]
    public void AzuriteEndpoints_ConnectionString_NamesTheThreePorts()
    {
        var connection = AzuriteEndpoints.ConnectionString(1, 2, 3);

        Assert.Contains("BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;", connection);
        Assert.Contains("QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;", connection);
        Assert.Contains("TableEndpoint=http://127.0.0.1:3/devstoreaccount1;", connection);
        Assert.Equal(3, new[] { AzuriteEndpoints.PickFreePorts() }.SelectMany(p => new[] { p.Blob, p.Queue, p.Table }).Distinct().Count());
    }

    [Fact]
    public async Task CrossProcessFileLock_Held_SecondAcquireWaitsUntilReleased()
    {
        var path = Path.Combine(Path.GetTempPath(), "cobranza-lock-" + Guid.NewGuid().ToString("N"), "npm-ci.lock");
        var first = await CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(5));

        var second = CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            using var held = await CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(5));
            using var never = await CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromMilliseconds(300));
        });
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
