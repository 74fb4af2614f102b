using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Cobranza.Functions.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Security;

/// <summary>
/// Authenticates staff by API key, sent as <c>x-functions-key</c> (the Azure Functions convention) or
/// <c>Authorization: Bearer</c>. The principal's name is the key's id (what the case history records as the actor)
/// and its role claim the key's role. Refusals are problem+json: 401 without a valid key, 403 for a role too low.
/// </summary>
public sealed class StaffKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    StaffKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "StaffKey";
    public const string FunctionsKeyHeader = "x-functions-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown staff key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Id), new Claim(ClaimTypes.Role, StaffRoles.Name(key.Role))],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = PresentedKey(Request) is null
            ? $"Send a staff API key in the {FunctionsKeyHeader} header or as Authorization: Bearer <key>."
            : "The staff API key is not valid.";
        return Problems.Status(StatusCodes.Status401Unauthorized, "Authentication required", detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Forbidden(Context).ExecuteAsync(Context);

    public static IResult Forbidden(HttpContext context) =>
        Problems.Status(StatusCodes.Status403Forbidden, "Not allowed for this key's role",
            $"Key '{context.User.Identity?.Name}' has the role {context.User.FindFirstValue(ClaimTypes.Role)}, which may not do this.");

    private static string? PresentedKey(HttpRequest request)
    {
        var functionsKey = request.Headers[FunctionsKeyHeader].ToString();
        if (!string.IsNullOrWhiteSpace(functionsKey))
        {
            return functionsKey.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }
}

/// <summary>The configured staff keys, looked up by a hash compared in constant time against every key.</summary>
public sealed class StaffKeyRing(SecurityCredentials credentials)
{
    private readonly (byte[] Hash, StaffKey Key)[] _keys =
        credentials.StaffKeys.Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), k)).ToArray();

    public StaffKey? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        StaffKey? found = null;
        foreach (var (known, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(known, hash))
            {
                found = key;
            }
        }

        return found;
    }
}
