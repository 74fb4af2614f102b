namespace Cobranza.Functions.Tests.Support;

/// <summary>
/// The staff keys and webhook secrets every test app runs with (the app refuses to start without them outside
/// Development). Requests through <see cref="CredentialsHandler"/> use the supervisor key and the first secrets.
/// </summary>
public static class TestCredentials
{
    public const string SupervisorId = "sofia";
    public const string SupervisorKey = "test-supervisor-key-5b0c1f7e";
    public const string CollectorId = "carlos";
    public const string CollectorKey = "test-collector-key-9d2e4a61";
    public const string ViewerId = "vera";
    public const string ViewerKey = "test-viewer-key-31c8b0d2";

    public const string ErpSecret = "test-erp-secret-8f14e45f";
    public const string ErpNextSecret = "test-erp-secret-rotated-c9f0f895";
    public const string PaymentsSecret = "test-payments-secret-45c48cce";

    /// <summary>The settings that configure them, in the app's configuration names.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        [$"Cobranza:Auth:Keys:{SupervisorId}:Key"] = SupervisorKey,
        [$"Cobranza:Auth:Keys:{SupervisorId}:Role"] = "supervisor",
        [$"Cobranza:Auth:Keys:{CollectorId}:Key"] = CollectorKey,
        [$"Cobranza:Auth:Keys:{CollectorId}:Role"] = "collector",
        [$"Cobranza:Auth:Keys:{ViewerId}:Key"] = ViewerKey,
        [$"Cobranza:Auth:Keys:{ViewerId}:Role"] = "viewer",
        ["Cobranza:Webhooks:Erp:Secrets:0"] = ErpSecret,
        ["Cobranza:Webhooks:Erp:Secrets:1"] = ErpNextSecret,
        ["Cobranza:Webhooks:Payments:Secrets:0"] = PaymentsSecret,
        // The suites send thousands of requests a minute with one key; the rate-limit tests lower these again.
        ["Cobranza:RateLimit:PerKeyPerMinute"] = "1000000",
        ["Cobranza:RateLimit:PerSourcePerMinute"] = "1000000",
    };
}
