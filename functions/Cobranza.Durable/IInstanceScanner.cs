namespace Cobranza.Durable;

/// <summary>An instance's state with its version (last history sequence number), as a full scan reads it.</summary>
public sealed record VersionedInstance<TState>(string InstanceId, TState State, long Version) where TState : class;

/// <summary>
/// Reads every instance's state row, page by page. A scan of the whole instances table: for rebuilding projections
/// (a repair), never for serving a request.
/// </summary>
public interface IInstanceScanner<TState> where TState : class
{
    IAsyncEnumerable<VersionedInstance<TState>> ScanAsync(CancellationToken cancellationToken);
}

/// <summary>The scanner over the instances table (state rows only: a property filter on the row key).</summary>
internal sealed class InstanceScanner<TState>(InstanceStore<TState> store) : IInstanceScanner<TState> where TState : class
{
    public async IAsyncEnumerable<VersionedInstance<TState>> ScanAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey eq {StorageLayout.StateRowKey}");
        await foreach (var row in store.Table.QueryAsync<Azure.Data.Tables.TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var stored = StateRowCodec<TState>.FromEntity(row);
            yield return new VersionedInstance<TState>(stored.InstanceId, stored.State, stored.LastSeq);
        }
    }
}
