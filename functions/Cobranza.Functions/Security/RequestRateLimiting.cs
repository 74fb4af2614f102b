using System.Globalization;
using System.Threading.RateLimiting;
using Cobranza.Functions.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Security;

/// <summary>
/// One fixed one-minute window per staff key, per webhook source and per client address. A refused request gets 429
/// with Retry-After and is refused before its endpoint runs, so it changes nothing.
/// </summary>
public static class RequestRateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PerKeyPerMinute > 0 && o.PerSourcePerMinute > 0, $"{RateLimitOptions.Section}:PerKeyPerMinute and :PerSourcePerMinute must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Which budget a request spends: its staff key's, its webhook source's, or its client address's.</summary>
    public static string PartitionKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } keyId } ? "key:" + keyId
        : context.GetEndpoint()?.Metadata.GetMetadata<SignedWebhook>() is { } webhook ? "source:" + webhook.Source
        : "address:" + context.Connection.RemoteIpAddress;

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var key = PartitionKey(context);
        var permits = key.StartsWith("key:", StringComparison.Ordinal) ? limits.PerKeyPerMinute : limits.PerSourcePerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"The rate limit of this key or source is spent; retry in {seconds} s.")
            .ExecuteAsync(rejected.HttpContext);
    }
}
