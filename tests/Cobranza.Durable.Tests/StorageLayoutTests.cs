using System.Text.Json;
using Cobranza.Durable.Tests.Support;

namespace Cobranza.Durable.Tests;

public sealed class StorageLayoutTests
{
    [Fact]
    public void StorageLayout_Names_DeriveFromHub()
    {
        var layout = new StorageLayout("Cobranza", 4);

        Assert.Equal("CobranzaInstances", layout.InstancesTable);
        Assert.Equal("CobranzaTimers", layout.TimersTable);
        Assert.Equal(["cobranza-control-00", "cobranza-control-01", "cobranza-control-02", "cobranza-control-03"], layout.ControlQueues);
        Assert.Equal("cobranza-control-02-poison", StorageLayout.PoisonQueue(layout.ControlQueue(2)));
    }

    [Fact]
    public void StorageLayout_Fnv1a_MatchesReferenceValues()
    {
        // Reference values of 32-bit FNV-1a (the same function DTFx uses for control-queue partitions).
        Assert.Equal(0x811C9DC5u, StorageLayout.Fnv1a32(""));
        Assert.Equal(0xE40C292Cu, StorageLayout.Fnv1a32("a"));
        Assert.Equal(0xBF9CF968u, StorageLayout.Fnv1a32("foobar"));
        Assert.Equal((int)(0xBF9CF968u % 3), new StorageLayout("hub", 3).PartitionOf("foobar"));
    }

    [Fact]
    public void StorageLayout_TimerKeys_SortByDueTimeInUtc()
    {
        var due = new DateTimeOffset(2026, 11, 23, 21, 5, 30, TimeSpan.FromHours(-3));

        Assert.Equal("202611240005", StorageLayout.TimerBucket(due));
        Assert.Equal($"{due.UtcTicks:D19}_INV-1_abc", StorageLayout.TimerRowKey(due, "INV-1", "abc"));
        Assert.True(string.CompareOrdinal(StorageLayout.TimerRowKey(due, "z", "t"), StorageLayout.TimerRowKey(due.AddTicks(1), "a", "t")) < 0);
        Assert.Equal("h000000000042", StorageLayout.HistoryRowKey(42));
        Assert.Equal("e|mail-1", StorageLayout.EffectRowKey("mail-1"));
    }

    [Fact]
    public void ControlMessage_Json_UsesShortFieldNames()
    {
        var due = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        using var timer = JsonDocument.Parse(ControlMessage.Timer("INV-1", "tok", due, "reminder").ToJson());
        using var effects = JsonDocument.Parse(ControlMessage.Effects("INV-1").ToJson());

        Assert.Equal(["i", "k", "t", "d", "g"], timer.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("timer", timer.RootElement.GetProperty("k").GetString());
        Assert.Equal(["i", "k"], effects.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ControlMessage.Timer("INV-1", "tok", due, "reminder"), ControlMessage.Parse(timer.RootElement.GetRawText()));
        Assert.Throws<FormatException>(() => ControlMessage.Parse("{\"i\":\"x\",\"k\":\"timer\"}"));
        Assert.Throws<FormatException>(() => ControlMessage.Parse("not json"));
    }

    [Fact]
    public void StorageClients_DevelopmentStorage_PointsAtLocalEmulatorPorts()
    {
        var clients = new StorageClients("UseDevelopmentStorage=true");

        Assert.Equal(("127.0.0.1", 10000), (clients.Blobs.Uri.Host, clients.Blobs.Uri.Port));
        Assert.Equal(("127.0.0.1", 10001), (clients.Queues.Uri.Host, clients.Queues.Uri.Port));
        Assert.Equal(("127.0.0.1", 10002), (clients.Tables.Uri.Host, clients.Tables.Uri.Port));
        Assert.Equal("devstoreaccount1", clients.Tables.AccountName);
    }

    [Fact]
    public void StateRowCodec_LargeState_IsSplitIntoChunksAndReadBack()
    {
        var codec = new StateRowCodec<CounterState>(new CounterLogic());
        var state = new CounterState(3, ["a"], [], "g", new string('x', 70_000));

        var entity = codec.ToEntity("INV-1", state, 7, TimerFields.None);
        var read = StateRowCodec<CounterState>.FromEntity(entity);

        Assert.True(entity.ContainsKey("State2"));
        Assert.All(entity.Where(p => p.Key.StartsWith("State", StringComparison.Ordinal) && p.Key != "State"), p => Assert.True(((string)p.Value).Length <= 30_000));
        Assert.Equal((3, 70_000, 7L, "g", "odd"), (read.State.Count, read.State.Padding!.Length, read.LastSeq, entity.GetString("Group"), entity.GetString("Parity")));
    }

    [Fact]
    public async Task KeyedAsyncLock_SameKey_SerialisesAndForgetsUnusedKeys()
    {
        var locks = new KeyedAsyncLock();
        var first = await locks.AcquireAsync("a", CancellationToken.None);
        var second = locks.AcquireAsync("a", CancellationToken.None);
        var other = await locks.AcquireAsync("b", CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        other.Dispose();

        Assert.Equal(0, locks.Count);
    }
}
