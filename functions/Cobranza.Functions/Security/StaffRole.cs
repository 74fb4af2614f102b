namespace Cobranza.Functions.Security;

/// <summary>
/// What a staff key may do. Each role includes the ones before it: a viewer reads; a collector also works cases
/// (promises, notes, pause, resume, escalate to the next step); a supervisor also hands off to legal or an agency,
/// cancels, writes off, matches unmatched payments and changes policies and templates.
/// </summary>
public enum StaffRole
{
    Viewer = 1,
    Collector = 2,
    Supervisor = 3,
}

public static class StaffRoles
{
    public const string Viewer = "viewer";
    public const string Collector = "collector";
    public const string Supervisor = "supervisor";

    public static string Name(StaffRole role) => role switch
    {
        StaffRole.Viewer => Viewer,
        StaffRole.Collector => Collector,
        StaffRole.Supervisor => Supervisor,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out StaffRole role)
    {
        role = text?.Trim().ToLowerInvariant() switch
        {
            Viewer => StaffRole.Viewer,
            Collector => StaffRole.Collector,
            Supervisor => StaffRole.Supervisor,
            _ => 0,
        };
        return role != 0;
    }

    /// <summary>The role names that satisfy a requirement of <paramref name="required"/> (it and every role above it).</summary>
    public static string[] AtLeast(StaffRole required) =>
        Enum.GetValues<StaffRole>().Where(r => r >= required).Select(Name).ToArray();
}
