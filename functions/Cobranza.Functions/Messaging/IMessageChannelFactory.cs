using Cobranza.Domain;
using Cobranza.Messaging;

namespace Cobranza.Functions.Messaging;

/// <summary>Picks the sender for a channel, as configured by <see cref="SenderOptions"/>.</summary>
public interface IMessageChannelFactory
{
    IMessageChannel For(Channel channel);
}

/// <summary>Resolves the configured sender of each channel from the container.</summary>
public sealed class ConfiguredChannelFactory(IServiceProvider services, Type emailSender, Type smsSender) : IMessageChannelFactory
{
    public IMessageChannel For(Channel channel) =>
        (IMessageChannel)services.GetRequiredService(channel == Channel.Email ? emailSender : smsSender);
}
