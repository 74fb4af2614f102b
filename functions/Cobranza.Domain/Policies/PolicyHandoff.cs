namespace Cobranza.Domain;

/// <summary>After the last step was sent, wait <see cref="Wait"/> and hand the case to <see cref="To"/>.</summary>
public sealed record PolicyHandoff(HandoffTarget To, IsoDuration Wait);
