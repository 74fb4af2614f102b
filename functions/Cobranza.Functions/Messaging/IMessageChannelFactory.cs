using Cobranza.Domain;
using Cobranza.Messaging;

namespace Cobranza.Functions.Messaging;

/// <summary>Picks the sender for a channel (configured per channel; the outbox locally).</summary>
public interface IMessageChannelFactory
{
    IMessageChannel For(Channel channel);
}

/// <summary>Every channel goes to the Blob outbox (the only sender until real email and SMS senders arrive).</summary>
public sealed class OutboxChannelFactory(BlobOutboxChannel outbox) : IMessageChannelFactory
{
    public IMessageChannel For(Channel channel) => outbox;
}
