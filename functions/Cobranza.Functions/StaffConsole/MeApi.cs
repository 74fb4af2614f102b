using System.Security.Claims;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.StaffConsole;

/// <summary>Who is calling: the staff key's id, its role, and the actions that role may take.</summary>
public sealed record MeView(string KeyId, string Role, IReadOnlyList<string> May);

/// <summary><c>GET /api/me</c>: lets the console show only the buttons the caller's role may use (the API refuses the rest anyway).</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me", (ClaimsPrincipal user) => TypedResults.Ok(For(user)))
            .WithTags("Console")
            .WithName("GetMe")
            .WithSummary("The caller's staff key id, role, and the actions that role may take.")
            .Produces<MeView>()
            .RequireStaff(StaffRole.Viewer);
        return routes;
    }

    public static MeView For(ClaimsPrincipal user)
    {
        var role = Enum.GetValues<StaffRole>().OrderDescending().First(r => user.IsInRole(StaffRoles.Name(r)));
        return new MeView(user.StaffActor(), StaffRoles.Name(role), Actions(role));
    }

    /// <summary>The actions a role may take, in the words of the console (each a route's role rule, see README Security).</summary>
    public static IReadOnlyList<string> Actions(StaffRole role)
    {
        var may = new List<string> { "read" };
        if (role >= StaffRole.Collector)
        {
            may.AddRange(["promise", "note", "pause", "resume", "escalateNext"]);
        }

        if (role >= StaffRole.Supervisor)
        {
            may.AddRange(["escalateHandoff", "cancel", "writeOff", "matchPayment", "policies"]);
        }

        return may;
    }
}
