using System.Text.Json.Nodes;

namespace Cobranza.Functions.Tests.Support;

/// <summary>
/// A JSON request body built from a valid default and changed by path (<c>debtor.timeZone</c>), so that a test states
/// only what it is about, including values of the wrong type.
/// </summary>
public abstract class JsonBody<TSelf>(JsonObject json)
    where TSelf : JsonBody<TSelf>
{
    protected JsonObject Json { get; } = json;

    /// <summary>Sets the field at a dotted path (arrays as <c>steps[0].wait</c>) to a JSON value.</summary>
    public TSelf With(string path, JsonNode? value)
    {
        var (parent, name) = Locate(path);
        parent[name] = value;
        return (TSelf)this;
    }

    /// <summary>Sets the field at a path to raw JSON text (<c>"\"10\""</c> for a string, <c>10.505</c> for a number).</summary>
    public TSelf WithRaw(string path, string json) => With(path, JsonNode.Parse(json));

    public TSelf Without(string path)
    {
        var (parent, name) = Locate(path);
        parent.Remove(name);
        return (TSelf)this;
    }

    public JsonObject ToJson() => (JsonObject)Json.DeepClone();

    public override string ToString() => Json.ToJsonString();

    private (JsonObject Parent, string Name) Locate(string path)
    {
        var parts = path.Split('.');
        JsonNode node = Json;
        foreach (var part in parts[..^1])
        {
            node = Child(node, part);
        }

        return ((JsonObject)node, parts[^1]);
    }

    private static JsonNode Child(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part]!;
        }

        var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[part[..bracket]]![index]!;
    }
}

/// <summary>The ERP's overdue-invoice webhook body (<c>POST /api/cases</c>).</summary>
public sealed class CaseBody : JsonBody<CaseBody>
{
    private CaseBody(JsonObject json)
        : base(json)
    {
    }

    public string InvoiceId => Json["invoiceId"]!.GetValue<string>();

    /// <summary>
    /// A valid overdue invoice of 100.00 USD for an English-speaking debtor reachable by e-mail and SMS, due 30 days ago
    /// (so a ladder starts as soon as its first wait is over), on the default policy.
    /// </summary>
    public static CaseBody Valid(string invoiceId)
    {
        var dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30);
        return new CaseBody(new JsonObject
        {
            ["invoiceId"] = invoiceId,
            ["invoiceNumber"] = "F-" + invoiceId,
            ["debtor"] = new JsonObject
            {
                ["id"] = "debtor-" + invoiceId,
                ["name"] = "Dana Smith",
                ["email"] = "dana@example.com",
                ["phone"] = "+12125550123",
                ["language"] = "en-US",
                ["timeZone"] = "America/New_York",
            },
            ["amount"] = 100.00m,
            ["currency"] = "USD",
            ["issuedOn"] = dueOn.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["dueOn"] = dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["paymentUrl"] = $"https://pay.example.com/{invoiceId}",
        });
    }

    public CaseBody OnPolicy(string policy) => With("policy", policy);

    public CaseBody OfAmount(decimal amount, string currency) => With("amount", amount).With("currency", currency);

    public CaseBody ForDebtor(string debtorId) => With("debtor.id", debtorId);

    public CaseBody InLanguage(string language, string timeZone, string name, string phone) =>
        With("debtor.language", language).With("debtor.timeZone", timeZone).With("debtor.name", name).With("debtor.phone", phone);

    /// <summary>Due in the future: the first step waits for the due date, so nothing is sent while the test runs.</summary>
    public CaseBody NotYetDue()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return With("issuedOn", today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .With("dueOn", today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>A dunning policy document (<c>PUT /api/policies/{name}</c>).</summary>
public sealed class PolicyBody : JsonBody<PolicyBody>
{
    private static readonly string[] Tones = ["friendly", "firm", "formal", "final"];

    private PolicyBody(JsonObject json)
        : base(json)
    {
    }

    /// <summary>One step per wait, each on e-mail and SMS, climbing in tone; handed to the agency after <c>PT1S</c>.</summary>
    public static PolicyBody WithWaits(params string[] waits)
    {
        var steps = new JsonArray();
        for (var i = 0; i < waits.Length; i++)
        {
            steps.Add(new JsonObject
            {
                ["wait"] = waits[i],
                ["channels"] = new JsonArray("email", "sms"),
                ["template"] = $"step-{i + 1}",
                ["tone"] = Tones[Math.Min(i, Tones.Length - 1)],
            });
        }

        return new PolicyBody(new JsonObject
        {
            ["description"] = "Test ladder",
            ["steps"] = steps,
            ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "PT1S" },
            ["promiseGrace"] = "P2D",
        });
    }

    /// <summary>Sends step <paramref name="step"/> (1-based) on these channels only.</summary>
    public PolicyBody OnChannels(int step, params string[] channels) =>
        With($"steps[{step - 1}].channels", new JsonArray([.. channels.Select(c => (JsonNode?)JsonValue.Create(c))]));

    public PolicyBody HandedOffTo(string to, string wait) => With("handoff", new JsonObject { ["to"] = to, ["wait"] = wait });

    public PolicyBody WithPromiseGrace(string grace) => With("promiseGrace", grace);
}

/// <summary>The payment webhook body (<c>POST /api/payments</c>).</summary>
public sealed class PaymentBody : JsonBody<PaymentBody>
{
    private PaymentBody(JsonObject json)
        : base(json)
    {
    }

    public string PaymentId => Json["paymentId"]!.GetValue<string>();

    public static PaymentBody For(string invoiceId, decimal amount, string currency = "USD") => new(new JsonObject
    {
        ["paymentId"] = "pay-" + Guid.NewGuid().ToString("N")[..12],
        ["invoiceId"] = invoiceId,
        ["amount"] = amount,
        ["currency"] = currency,
        ["paidAt"] = "2026-11-20T15:04:05Z",
    });

    public PaymentBody WithId(string paymentId) => With("paymentId", paymentId);
}

/// <summary>Unique ids so that tests sharing one app never see each other's cases.</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static string NewPolicyName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
