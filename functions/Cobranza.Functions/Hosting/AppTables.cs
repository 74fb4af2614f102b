using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cobranza.Durable;
using Cobranza.Functions.Handoff;
using Cobranza.Functions.Messaging;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Hosting;

/// <summary>The app's own storage beside the runtime's: policies, payments, debtors, provider-message, stats, idempotency, case index and dashboard tables (prefixed with the hub name), the outbox and handoff containers.</summary>
public sealed class AppTables(StorageClients clients, IOptions<DurableOptions> durable)
{
    public TableClient Policies { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "Policies");
    public TableClient Payments { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "Payments");
    public TableClient Debtors { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "Debtors");
    public TableClient ProviderMessages { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "ProviderMessages");
    public TableClient Stats { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "Stats");
    public TableClient Idempotency { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "Idempotency");
    public TableClient CaseIndex { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "CaseIndex");
    public TableClient Dashboard { get; } = clients.Tables.GetTableClient(durable.Value.HubName + "Dashboard");
    public BlobContainerClient Outbox { get; } = clients.Blobs.GetBlobContainerClient(BlobOutboxChannel.ContainerName);
    public BlobContainerClient Handoffs { get; } = clients.Blobs.GetBlobContainerClient(CaseFileWriter.ContainerName);
    public BlobContainerClient Templates { get; } = clients.Blobs.GetBlobContainerClient(Cobranza.Messaging.Templates.BlobTemplateStore.DefaultContainerName);
    public BlobContainerClient Keys { get; } = clients.Blobs.GetBlobContainerClient("keys");

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            Policies.CreateIfNotExistsAsync(cancellationToken),
            Payments.CreateIfNotExistsAsync(cancellationToken),
            Debtors.CreateIfNotExistsAsync(cancellationToken),
            ProviderMessages.CreateIfNotExistsAsync(cancellationToken),
            Stats.CreateIfNotExistsAsync(cancellationToken),
            Idempotency.CreateIfNotExistsAsync(cancellationToken),
            CaseIndex.CreateIfNotExistsAsync(cancellationToken),
            Dashboard.CreateIfNotExistsAsync(cancellationToken),
            Outbox.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            Handoffs.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            Templates.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            Keys.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
    }
}
