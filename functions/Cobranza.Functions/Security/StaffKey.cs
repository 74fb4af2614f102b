namespace Cobranza.Functions.Security;

/// <summary>One configured staff API key: its id (what the case history names), the secret and the role.</summary>
public sealed record StaffKey(string Id, string Key, StaffRole Role);
