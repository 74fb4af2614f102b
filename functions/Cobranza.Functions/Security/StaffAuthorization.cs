using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Cobranza.Functions.Security;

/// <summary>The staff roles as authorization policies (one per role, each met by that role or a higher one).</summary>
public static class StaffAuthorization
{
    public static string PolicyName(StaffRole role) => "staff:" + StaffRoles.Name(role);

    public static IServiceCollection AddStaffAuthorization(this IServiceCollection services, SecurityCredentials credentials)
    {
        services.AddSingleton(credentials);
        services.AddSingleton<StaffKeyRing>();
        services.AddAuthentication(StaffKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, StaffKeyAuthenticationHandler>(StaffKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            foreach (var role in Enum.GetValues<StaffRole>())
            {
                options.AddPolicy(PolicyName(role), policy => policy.RequireAuthenticatedUser().RequireRole(StaffRoles.AtLeast(role)));
            }
        });
        return services;
    }

    /// <summary>Requires a staff key with at least <paramref name="role"/>.</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, StaffRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(PolicyName(role))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>The key id of the staff member making the request: the actor the case history records.</summary>
    public static string StaffActor(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("A staff endpoint ran without an authenticated key.");

    public static bool HasRole(this ClaimsPrincipal user, StaffRole role) =>
        StaffRoles.AtLeast(role).Any(user.IsInRole);
}
