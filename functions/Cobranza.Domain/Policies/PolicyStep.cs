namespace Cobranza.Domain;

/// <summary>
/// One rung of the ladder: wait <see cref="Wait"/> after the previous step was actually sent (the first step: after the
/// later of the due date and the case opening), then send <see cref="Template"/> on <see cref="Channels"/>.
/// </summary>
public sealed record PolicyStep(IsoDuration Wait, IReadOnlyList<Channel> Channels, string Template, Tone Tone);
