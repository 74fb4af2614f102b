using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>What the fuzzer may aim at: the snapshot (only ever with requests that must be refused) and fuzz-only ids.</summary>
public sealed record FuzzTargets(
    string SnapshotActive,
    string SnapshotPromised,
    string SnapshotPaused,
    string SnapshotClosed,
    IReadOnlyList<string> SnapshotUnmatchedInvoices,
    IReadOnlyList<KnownPayment> SnapshotPayments,
    decimal SnapshotAmount,
    string SnapshotPolicy,
    IReadOnlyList<string> FuzzCases,
    IReadOnlyList<string> FuzzPhones,
    string EventsKey)
{
    public IReadOnlyList<string> SnapshotCases => [SnapshotActive, SnapshotPromised, SnapshotPaused, SnapshotClosed];
}

public sealed record KnownPayment(string PaymentId, string InvoiceId, decimal Amount, string Currency, string PaidAt);

/// <summary>
/// A deterministic generator of malformed, hostile and mutated requests for the webhooks, the staff actions, the policy
/// PUT and the ACS events webhook. Request <c>i</c> of seed <c>s</c> depends on nothing else (its own
/// <see cref="Random"/>), so a failure is reproduced with <c>new FuzzCorpus(s, …).Generate(i)</c> whatever ran
/// concurrently. No generated text contains "Exception", "System." or "at Cobranza", so an answer holding one of them
/// leaked it on its own.
/// </summary>
public sealed class FuzzCorpus(int seed, FuzzTargets targets, DateOnly today)
{
    public const string SeedVariable = "COBRANZA_FUZZ_SEED";
    public const int DefaultSeed = 20261123;

    /// <summary>The seed of this run: <see cref="SeedVariable"/> when set, else <see cref="DefaultSeed"/>.</summary>
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    public int Seed => seed;

    private const double RefusedShare = 0.6;

    private static readonly (FuzzEndpoint Endpoint, int Weight)[] Endpoints =
    [
        (FuzzEndpoint.OpenCase, 18), (FuzzEndpoint.Payment, 18), (FuzzEndpoint.Promise, 10), (FuzzEndpoint.Escalate, 8),
        (FuzzEndpoint.Pause, 8), (FuzzEndpoint.Note, 10), (FuzzEndpoint.Policy, 14), (FuzzEndpoint.AcsEvents, 14),
    ];

    private enum Kind { Id, Text, Email, Phone, Language, TimeZone, Currency, Url, PolicyName, Decimal, Date, Instant, Object, Array, Duration, TemplateName, Choice, FreeText, AcsData }

    /// <summary>A field of a request body: what values are refused, and whether null or absence is.</summary>
    private sealed record Field(string Path, Kind Kind, bool Required, int MaxLength = 0, string[]? Choices = null);

    // ---- Values -------------------------------------------------------------------------------------------------

    private static readonly string[] HostileText =
    [
        "\u202Eevil\u202C override", "zero\u200Bwidth\u200Djoiner\u2060", "emoji 😀👍🏽👨‍👩‍👧 🇲🇽", "combining e\u0301\u0301\u0301\u0301",
        "\uFEFFbom inside", "line\u2028sep\u2029para", "nul\u0000byte", "tab\tnew\nline\rcr", "arabic مرحبا بالعالم",
        "hebrew שלום \u200F mark", "cjk 漢字かなカナ", "zalgo Z̷̢̛a̵l̶g̸o̴", "\u00A0nbsp\u3000ideographic", "<script>alert(1)</script>",
        "'; DROP TABLE cases; --", "{{ debtor.name }} {% if true %}x{% endif %}", "${jndi:ldap://example.com/a}", "%s%n%x%d",
        "../../../../etc/passwd", "\\\\server\\share\\x", "\u0007bell\u001bescape", "Ω≈ç√∫˜µ≤≥÷", "𝕳𝖊𝖑𝖑𝖔 𝟙𝟚𝟛",
    ];

    /// <summary>Raw JSON strings a .NET string cannot carry: lone surrogate halves and friends, as escapes.</summary>
    private static readonly string[] RawHostileStrings =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud800b\"", "\"\\ud800\\ud800\"", "\"\\udc00\\ud800\"", "\"x\\u0000y\"", "\"\\ud83d\"",
        "\"\\uDBFF\\uDFFF\"", "\"\\u202e\\u0000\\ud800\"",
    ];

    private static readonly string[] BadIds =
    [
        "", " ", "a b", "a/b", "a\\b", "a#b", "a?b", "a%b", "../etc", "x.", "ä", "a\u200Bb", "\u202Eevil", "😀", "a\u0000b", "a\nb",
        "%00", "a:b/c", "inv|1", "inv'1", "inv\"1", "~tilde", "a*b", "A" + new string('9', 64), "\t", "F-１２３", "ınvoice",
    ];

    private static readonly string[] BadCurrencies = ["", "usd", "US", "USDD", "U\u200BSD", "ÜSD", "€", "XXX", "\u202EDSU", " USD", "USD ", "123", "XTS", "ＵＳＤ"];
    private static readonly string[] BadLanguages = ["", "fr", "es_MX", "es-", "e\u0301s", "es-MX-XX-YY", "\u202Ees", "español", "-es", "es--MX", "en-US-x-private", "ｅｓ"];
    private static readonly string[] BadTimeZones =
    [
        "", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "localtime", "posix/America/New_York", "right/UTC", "America/New York",
        "UTC\u200B", "+02:00", "Pacific Standard Time", "America/New_York/", "america/new_york", "Factory", "America/..", "Ａmerica/New_York",
    ];

    private static readonly string[] BadEmails =
    [
        "dana at example.com", "a@b", "a@@b.com", "a@b.c", "\u202Ea@b.com", "ä@b.com", "a@-b.com", "a..b@c.com", ".a@b.com", "a@b..com",
        "\"quoted\"@example.com", "a@[127.0.0.1]", "a@b.com\u0000", new string('a', 65) + "@example.com", "a b@example.com",
    ];

    private static readonly string[] BadPhones =
    [
        "5512345678", "+0123456789", "+1 212 555 0123", "+1212555012a", "+١٢١٢٥٥٥٠١٢٣", "+12125550123\u200B", "+", "++12125550123",
        "+1234567", "+12345678901234567", "tel:+12125550123", "+1(212)5550123", "＋12125550123",
    ];

    private static readonly string[] BadUrls =
    [
        "", "javascript:alert(1)", "ftp://example.com/x", "not a url", "http//example.com", "file:///etc/passwd", "/relative/path",
        "https://example.com/" + new string('a', 2100), "data:text/html,<b>x</b>", "mailto:a@example.com", "\u202Ehttps://example.com",
    ];

    private static readonly string[] BadPolicyNames = ["", "Not A Name", "UPPER", "a/b", "ä", "-lead", "_lead", "a.b", new string('a', 65), "\u202Edefault", "default\u200B"];
    private static readonly string[] BadTemplateNames = ["", "UPPER", "-x", "a b", "a/b", "ä", new string('a', 65), "\u202Ex", ".x", "x\u0000"];

    private static readonly string[] BadDates =
    [
        "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-1", "26-01-01", "2026/01/01", "01/02/2026", "", "NaN",
        "0000-00-00", "1899-12-31", "2201-01-01", "2300-01-01", "0001-01-01", "9999-12-31", "２０２６-01-01", "2026-01-01\u0000",
        "2026-01-01 ", " 2026-01-01", "2026-W01-1", "20260101", "2026-01-01T00:00:00", "-2026-01-01",
    ];

    private static readonly string[] BadInstants =
    [
        "2026-02-30T00:00:00Z", "2026-11-20T15:04:05", "2026-11-20", "now", "", "2026-11-20T25:00:00Z", "2026-11-20 15:04:05Z",
        "2026-11-20T15:04:05+25:00", "1e400", "2026-11-20T15:04:05.123456789Z", "２０２６-11-20T15:04:05Z", "2026-11-20T15:04:05ZZ",
        "1763651045", "Fri, 20 Nov 2026 15:04:05 GMT", "2026-11-20T15:04:60Z",
    ];

    private static readonly string[] BadDurations =
    [
        "", "P", "PT", "30D", "1 day", "P1D1", "PXD", "P１D", "P٣٠D", "P-1D", "p1d", "P99999D", "P1DT", "\u202EP1D", "P1D\u200B", "P1.5D",
        "PT1H1H", "P00001Y", "P9999Y", "PT9999999H",
    ];

    /// <summary>Numbers that are never an acceptable amount: overflow, zero, negative, too big, too precise.</summary>
    private static readonly string[] BadAmounts =
    [
        "1e400", "-1e400", "79228162514264337593543950336", "-79228162514264337593543950336", "-0", "0", "0.0", "-0.0", "-5", "-0.01",
        "1e13", "1000000000000.01", "10.001", "1e-30", "0.000000000000000000000000000001", "99999999999999999999999999999999999",
        "1E+400", "4.9e-324", "1.7976931348623157e308",
    ];

    /// <summary>JSON that is not a string (for string fields).</summary>
    private static readonly string[] NotStrings =
    [
        "0", "-1", "42", "1e400", "79228162514264337593543950336", "-0", "3.14", "1E+2", "true", "false", "[]", "[\"a\"]", "{}",
        "{\"a\":\"b\"}", "[[[[[[[[]]]]]]]]", "{\"$type\":\"x\"}",
    ];

    /// <summary>JSON that is not a number (for amounts).</summary>
    private static readonly string[] NotNumbers =
    [
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"10.00\"", "\"1e400\"", "\"\"", "\"0x10\"", "\"１０\"", "true", "false", "[]", "[10]",
        "{}", "{\"value\":10}", "\"\\ud800\"",
    ];

    private static readonly string[] NotObjects = ["\"x\"", "0", "1e400", "true", "false", "[]", "[{}]", "\"{}\"", "-0"];
    private static readonly string[] NotArrays = ["\"x\"", "0", "true", "{}", "{\"0\":\"email\"}", "\"[]\""];

    private static readonly string[] Garbage =
    [
        "<?xml version=\"1.0\"?><case/>", "invoiceId=1&amount=2", "not json", "{'invoiceId': 'x'}", "{invoiceId: 1}", "{\"a\":1,}", "[1,2,]",
        "{\"a\" 1}", "/* comment */ {}", "\u0000", "NaN", "Infinity", "undefined", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}",
        "{\"a\":\"\\x41\"}", "{\"a\":\"\t\"}", "{}}", "{}{}", "[]]", "{\"a\":tru}", "\"unterminated", "{\"a\":\"\\u12\"}", "{\"a\":nul}",
        "\u001f{}", "{\"a\":1}\u0000", "{\"a\":[}", "{,}", "{\"\":}", "--", "{\"a\":1 // c\n}", "{\"a\":\"b\"\"c\":1}",
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "text/plain; charset=utf-8", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/octet-stream", "application/jsonx", "json", "application/javascript", "*/*", "", "image/png", "application/", "/json",
    ];

    private static readonly string[] JsonContentTypes =
    [
        "application/json; charset=utf-8", "application/problem+json", "APPLICATION/JSON", "application/json;charset=latin1",
        "text/json", "application/vnd.api+json", "application/json; foo=bar", "Application/Json ; charset=\"utf-8\"",
    ];

    private static readonly string[] ExtraNames =
    [
        "__proto__", "constructor", "$type", "$id", "$ref", "$values", "balance", "state", "history", "Balance", "AMOUNT", "amount ", "",
        "\u202Eamount", "😀", "payments", "overpayment", "closedReason", "invoiceid", "INVOICEID", "PaymentId", "\u0000",
    ];

    private static readonly string[] StopWords = ["STOP", "stop", "Baja", "ALTO", "hola", "STOP!!", "  stop.  ", "STOPALL please", "UNSUBSCRIBE"];

    private static readonly string[] AcsTypes =
    [
        "Microsoft.Communication.EmailDeliveryReportReceived", "Microsoft.Communication.SMSDeliveryReportReceived",
        "Microsoft.Communication.SMSReceived", "Microsoft.EventGrid.SubscriptionValidationEvent", "Microsoft.Storage.BlobCreated",
    ];

    // ---- Entry point --------------------------------------------------------------------------------------------

    public FuzzRequest Generate(int index)
    {
        var rng = new Random(unchecked((seed * 1_000_003) + index));
        var endpoint = Pick(rng, Endpoints);
        var draft = rng.NextDouble() < RefusedShare ? Refused(index, endpoint, rng) : Mutation(index, endpoint, rng);
        return new FuzzRequest(seed, index, endpoint, draft.Strategy, draft.Method, draft.Path, draft.Bytes(), draft.ContentType, draft.Chunked,
            draft.MustBeRefused, draft.TargetsSnapshot, draft.FreshInvoiceId);
    }

    /// <summary>A request under construction.</summary>
    private sealed class Draft(FuzzEndpoint endpoint, string method, string path, FuzzJson? json)
    {
        public FuzzEndpoint Endpoint { get; } = endpoint;

        public string Method { get; } = method;

        public string Path { get; set; } = path;

        public FuzzJson? Json { get; set; } = json;

        public byte[]? Body { get; set; }

        public string? ContentType { get; set; } = "application/json";

        public bool Chunked { get; set; }

        public string Strategy { get; set; } = "";

        public bool MustBeRefused { get; set; }

        public bool TargetsSnapshot { get; set; }

        public string? FreshInvoiceId { get; set; }

        public byte[]? Bytes() => Body ?? (Json is null ? null : FuzzJson.Utf8(Json.Render()));
    }

    // ---- Templates: a valid request per endpoint, aimed where the caller says --------------------------------------

    private string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string CasePath(string id, string action) => $"api/cases/{Uri.EscapeDataString(id)}/{action}";

    private Draft OpenCase(string invoiceId, string debtorId, string? phone, Random rng)
    {
        var debtor = new JsonObject
        {
            ["id"] = debtorId,
            ["name"] = rng.Next(3) == 0 ? "José Pérez-Núñez" : "Dana Smith",
            ["email"] = "dana@example.com",
            ["phone"] = phone,
            ["language"] = rng.Next(2) == 0 ? "en-US" : "es-MX",
            ["timeZone"] = "America/New_York",
        };
        if (phone is null)
        {
            debtor.Remove("phone");
        }

        var body = new JsonObject
        {
            ["invoiceId"] = invoiceId,
            ["invoiceNumber"] = "F-" + invoiceId,
            ["debtor"] = debtor,
            ["amount"] = targets.SnapshotAmount,
            ["currency"] = "USD",
            ["issuedOn"] = Day(-10),
            ["dueOn"] = Day(30),
            ["paymentUrl"] = $"https://pay.example.com/{invoiceId}",
            ["policy"] = targets.SnapshotPolicy,
        };
        return new Draft(FuzzEndpoint.OpenCase, "POST", "api/cases", new FuzzJson(body));
    }

    private static readonly Field[] OpenCaseFields =
    [
        new("invoiceId", Kind.Id, true), new("invoiceNumber", Kind.Text, false, 64), new("debtor", Kind.Object, true),
        new("debtor.id", Kind.Id, true), new("debtor.name", Kind.Text, true, 200), new("debtor.email", Kind.Email, false),
        new("debtor.phone", Kind.Phone, false), new("debtor.language", Kind.Language, true), new("debtor.timeZone", Kind.TimeZone, true),
        new("amount", Kind.Decimal, true), new("currency", Kind.Currency, true), new("issuedOn", Kind.Date, true), new("dueOn", Kind.Date, true),
        new("paymentUrl", Kind.Url, false), new("policy", Kind.PolicyName, false),
    ];

    private static Draft Payment(string paymentId, string invoiceId, decimal amount, string currency = "USD", string paidAt = "2026-11-20T15:04:05Z") =>
        new(FuzzEndpoint.Payment, "POST", "api/payments", new FuzzJson(new JsonObject
        {
            ["paymentId"] = paymentId,
            ["invoiceId"] = invoiceId,
            ["amount"] = amount,
            ["currency"] = currency,
            ["paidAt"] = paidAt,
        }));

    private static readonly Field[] PaymentFields =
    [
        new("paymentId", Kind.Id, true), new("invoiceId", Kind.Id, true), new("amount", Kind.Decimal, true), new("currency", Kind.Currency, true),
        new("paidAt", Kind.Instant, true),
    ];

    private Draft Promise(string caseId, Random rng)
    {
        var body = new JsonObject { ["promisedOn"] = Day(rng.Next(5, 60)), ["note"] = "Will pay by transfer" };
        if (rng.Next(2) == 0)
        {
            body["amount"] = 10.00m;
        }

        return new Draft(FuzzEndpoint.Promise, "POST", CasePath(caseId, "promises"), new FuzzJson(body));
    }

    private static readonly Field[] PromiseFields = [new("promisedOn", Kind.Date, true), new("amount", Kind.Decimal, false), new("note", Kind.Text, false, 2000)];

    private static readonly string[] EscalationTargets = ["next", "legal", "agency"];

    private static Draft Escalate(string caseId, Random rng) =>
        new(FuzzEndpoint.Escalate, "POST", CasePath(caseId, "escalate"), new FuzzJson(new JsonObject
        {
            ["to"] = EscalationTargets[rng.Next(EscalationTargets.Length)],
            ["reason"] = "Debtor stopped answering",
        }));

    private static readonly Field[] EscalateFields =
    [
        new("to", Kind.Choice, true, Choices: ["", "NEXT", "Legal", "sideways", "legal ", "\u202Enext", "agency\u200B", "next,legal", "lawyer"]),
        new("reason", Kind.Text, false, 2000),
    ];

    private static Draft Pause(string caseId) =>
        new(FuzzEndpoint.Pause, "POST", CasePath(caseId, "pause"), new FuzzJson(new JsonObject { ["reason"] = "Dispute opened" }));

    private static readonly Field[] PauseFields = [new("reason", Kind.Text, false, 2000)];

    private static Draft Note(string caseId) =>
        new(FuzzEndpoint.Note, "POST", CasePath(caseId, "notes"), new FuzzJson(new JsonObject { ["text"] = "Called, no answer" }));

    private static readonly Field[] NoteFields = [new("text", Kind.Text, true, 2000)];

    private static Draft Policy(string name, Random rng)
    {
        var body = new JsonObject
        {
            ["description"] = "Fuzz ladder",
            ["steps"] = new JsonArray(new JsonObject
            {
                ["wait"] = "P30D",
                ["channels"] = new JsonArray("email"),
                ["template"] = "recordatorio-amable",
                ["tone"] = "friendly",
            }),
            ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" },
            ["promiseGrace"] = "P2D",
        };
        if (rng.Next(3) == 0)
        {
            body["contactRules"] = new JsonObject { ["hours"] = "08:00-20:00", ["days"] = "Mon-Sat", ["maxPer7Days"] = 3, ["holidays"] = new JsonArray("2026-12-25") };
            body["sms"] = new JsonObject { ["foldAccents"] = true };
        }

        return new Draft(FuzzEndpoint.Policy, "PUT", $"api/policies/{Uri.EscapeDataString(name)}", new FuzzJson(body));
    }

    private static readonly Field[] PolicyFields =
    [
        new("steps", Kind.Array, true), new("steps[0]", Kind.Object, true), new("steps[0].wait", Kind.Duration, true),
        new("steps[0].channels", Kind.Array, true), new("steps[0].template", Kind.TemplateName, true),
        new("steps[0].tone", Kind.Choice, true, Choices: ["", "Friendly", "nice", "\u202Efriendly", "firm\u200B", "FINAL", "friendly "]),
        new("handoff", Kind.Object, true), new("handoff.to", Kind.Choice, true, Choices: ["", "Legal", "court", "agency\u200B", "\u202Elegal", "legal,agency"]),
        new("handoff.wait", Kind.Duration, true), new("promiseGrace", Kind.Duration, false),
    ];

    private string AcsPath(string? key) => key is null ? "api/events/acs" : $"api/events/acs?key={Uri.EscapeDataString(key)}";

    private Draft Acs(int index, Random rng)
    {
        // The data that goes with the type (Event Grid never mixes them); the unknown type carries some other service's data.
        var kind = rng.Next(AcsTypes.Length);
        var type = AcsTypes[kind];
        var now = "2026-11-20T15:04:05.1234567Z";
        var data = kind switch
        {
            0 => new JsonObject
            {
                ["sender"] = "DoNotReply@cobranza.example.com",
                ["recipient"] = "dana@example.com",
                ["messageId"] = $"fz-msg-{index}",
                ["status"] = new[] { "Delivered", "Bounced", "Failed", "Expanded", "Suppressed", "Quarantined" }[rng.Next(6)],
                ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = "550 mailbox unavailable" },
                ["deliveryAttemptTimeStamp"] = now,
            },
            1 => new JsonObject
            {
                ["messageId"] = $"fz-sms-{index}",
                ["from"] = "+18005550100",
                ["to"] = targets.FuzzPhones[rng.Next(targets.FuzzPhones.Count)],
                ["deliveryStatus"] = rng.Next(2) == 0 ? "Delivered" : "Failed",
                ["deliveryStatusDetails"] = "No route",
                ["receivedTimestamp"] = now,
            },
            2 => new JsonObject
            {
                ["messageId"] = $"Incoming_fz{index}",
                ["from"] = targets.FuzzPhones[rng.Next(targets.FuzzPhones.Count)],
                ["to"] = "+18005550100",
                ["message"] = StopWords[rng.Next(StopWords.Length)],
                ["receivedTimestamp"] = now,
            },
            3 => new JsonObject
            {
                ["validationCode"] = $"code-{index}",
                ["validationUrl"] = "https://rp-eastus2.eventgrid.azure.net/api/subscriptions/validate?id=x",
            },
            _ => new JsonObject { ["api"] = "PutBlob", ["url"] = "https://example.blob.core.windows.net/c/b", ["contentLength"] = 524288 },
        };

        JsonNode body;
        if (rng.Next(5) == 0)
        {
            // A CloudEvents delivery: one object with "type".
            body = new JsonObject
            {
                ["specversion"] = "1.0",
                ["type"] = type,
                ["source"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
                ["id"] = $"fz-evt-{index}",
                ["time"] = now,
                ["data"] = data,
            };
        }
        else
        {
            body = new JsonArray(new JsonObject
            {
                ["id"] = $"fz-evt-{index}",
                ["topic"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
                ["subject"] = "phonenumber/18005550100",
                ["eventType"] = type,
                ["eventTime"] = now,
                ["data"] = data,
                ["dataVersion"] = "1.0",
                ["metadataVersion"] = "1",
            });
        }

        return new Draft(FuzzEndpoint.AcsEvents, "POST", AcsPath(targets.EventsKey), new FuzzJson(body));
    }

    private static Field[] AcsFields(FuzzJson json) => json.Root is JsonArray
        ? [new("[0].eventType", Kind.Choice, true, Choices: []), new("[0].data", Kind.AcsData, true)]
        : [new("type", Kind.Choice, true, Choices: []), new("data", Kind.AcsData, true)];

    private static Field[] FieldsOf(Draft draft) => draft.Endpoint switch
    {
        FuzzEndpoint.OpenCase => OpenCaseFields,
        FuzzEndpoint.Payment => PaymentFields,
        FuzzEndpoint.Promise => PromiseFields,
        FuzzEndpoint.Escalate => EscalateFields,
        FuzzEndpoint.Pause => PauseFields,
        FuzzEndpoint.Note => NoteFields,
        FuzzEndpoint.Policy => PolicyFields,
        _ => AcsFields(draft.Json!),
    };

    /// <summary>A valid request for the endpoint; <paramref name="snapshot"/> aims it at the snapshot (only for refusals).</summary>
    private Draft Template(int index, FuzzEndpoint endpoint, Random rng, bool snapshot, out bool targetsSnapshot)
    {
        targetsSnapshot = false;
        string StaffTarget(out bool onSnapshot)
        {
            onSnapshot = false;
            if (snapshot && rng.NextDouble() < 0.75)
            {
                onSnapshot = true;
                return targets.SnapshotCases[rng.Next(targets.SnapshotCases.Count)];
            }

            return rng.NextDouble() < 0.85 ? targets.FuzzCases[rng.Next(targets.FuzzCases.Count)] : $"fz-nocase-{index}";
        }

        switch (endpoint)
        {
            case FuzzEndpoint.OpenCase:
            {
                var phone = targets.FuzzPhones[rng.Next(targets.FuzzPhones.Count)];
                if (snapshot && rng.NextDouble() < 0.7)
                {
                    targetsSnapshot = true;
                    var pool = targets.SnapshotCases.Concat(targets.SnapshotUnmatchedInvoices).ToList();
                    return OpenCase(pool[rng.Next(pool.Count)], $"fz-debtor-{index % 25}", phone, rng);
                }

                var draft = OpenCase($"fz-o-{index}", $"fz-debtor-{index % 25}", phone, rng);
                draft.FreshInvoiceId = $"fz-o-{index}";
                return draft;
            }

            case FuzzEndpoint.Payment:
            {
                var amount = Math.Round((decimal)rng.Next(1, 500) / 100m, 2);
                if (snapshot && rng.NextDouble() < 0.7)
                {
                    targetsSnapshot = true;
                    var pool = targets.SnapshotCases.Concat(targets.SnapshotUnmatchedInvoices).ToList();
                    return Payment($"fz-rp-{index}", pool[rng.Next(pool.Count)], amount);
                }

                return Payment($"fz-p-{index}", rng.Next(2) == 0 ? targets.FuzzCases[rng.Next(targets.FuzzCases.Count)] : $"fz-none-{index}", amount);
            }

            case FuzzEndpoint.Promise:
                return Promise(StaffTarget(out targetsSnapshot), rng);
            case FuzzEndpoint.Escalate:
                return Escalate(StaffTarget(out targetsSnapshot), rng);
            case FuzzEndpoint.Pause:
                return Pause(StaffTarget(out targetsSnapshot));
            case FuzzEndpoint.Note:
                return Note(StaffTarget(out targetsSnapshot));
            case FuzzEndpoint.Policy:
                if (snapshot && rng.NextDouble() < 0.7)
                {
                    targetsSnapshot = true;
                    return Policy(targets.SnapshotPolicy, rng);
                }

                return Policy($"fz-pol-{index % 40}", rng);
            default:
                return Acs(index, rng);
        }
    }

    // ---- Requests that must be refused ------------------------------------------------------------------------------

    private Draft Refused(int index, FuzzEndpoint endpoint, Random rng)
    {
        var draft = Template(index, endpoint, rng, snapshot: true, out var onSnapshot);
        draft.MustBeRefused = true;
        draft.TargetsSnapshot = onSnapshot;
        var fields = FieldsOf(draft);
        var required = fields.Where(f => f.Required && f.Kind != Kind.AcsData).ToList();

        var strategies = new List<(string Name, int Weight)>
        {
            ("truncated", 10), ("invalidField", 28), ("deepNesting", 4), ("wrongContentType", 6), ("oversized", 2), ("notJson", 6),
            ("utf16", 2), ("semantic", 14),
        };
        if (required.Count > 0)
        {
            strategies.AddRange([("requiredNull", 6), ("requiredMissing", 6), ("allNull", 3)]);
        }

        if (endpoint != FuzzEndpoint.Pause)
        {
            strategies.Add(("emptyBody", 3));
        }

        if (endpoint is not (FuzzEndpoint.Policy or FuzzEndpoint.AcsEvents))
        {
            // The serializer reads every string of a request record, so bad UTF-8 in one is always seen.
            strategies.Add(("invalidUtf8", 3));
        }

        if (endpoint == FuzzEndpoint.AcsEvents)
        {
            strategies.Add(("nonObjectEvent", 8));
        }

        var strategy = Pick(rng, [.. strategies]);
        draft.Strategy = strategy;
        var json = draft.Json!;
        switch (strategy)
        {
            case "truncated":
            {
                var text = json.Render();
                var cut = rng.Next(1, text.Length);
                while (char.IsLowSurrogate(text[cut]))
                {
                    cut--;
                }

                draft.Body = FuzzJson.Utf8(text[..Math.Max(1, cut)]);
                break;
            }

            case "invalidField":
            {
                var candidates = fields.Where(f => f.Kind != Kind.AcsData && (json.Has(f.Path) || f.Required)).ToList();
                var field = candidates[rng.Next(candidates.Count)];
                var (value, what) = RefusedValue(field, json, rng);
                SetDeep(json, field.Path, value);
                draft.Strategy = $"invalidField:{field.Path}={what}";
                break;
            }

            case "requiredNull":
            {
                var field = required[rng.Next(required.Count)];
                SetDeep(json, field.Path, null);
                draft.Strategy = "requiredNull:" + field.Path;
                break;
            }

            case "requiredMissing":
            {
                // ACS data counts here: an event without data is refused (one whose data is null is not).
                var all = fields.Where(f => f.Required).ToList();
                var field = all[rng.Next(all.Count)];
                json.Remove(field.Path);
                draft.Strategy = "requiredMissing:" + field.Path;
                break;
            }

            case "allNull":
                foreach (var path in json.Paths().Where(p => json.Get(p) is not (JsonObject or JsonArray)).ToList())
                {
                    json.Set(path, null);
                }

                foreach (var field in required)
                {
                    SetDeep(json, field.Path, null);
                }

                break;
            case "deepNesting":
                draft.Body = FuzzJson.Utf8(DeepNesting(json, rng, out var how));
                draft.Strategy = "deepNesting:" + how;
                break;
            case "wrongContentType":
            {
                var pick = rng.Next(WrongContentTypes.Length + 1);
                var type = pick == WrongContentTypes.Length ? null : WrongContentTypes[pick];
                draft.ContentType = type;
                draft.Strategy = "wrongContentType:" + (type is null ? "(none)" : "'" + type + "'");
                break;
            }

            case "oversized":
            {
                var padding = new string('x', JsonBodyMaxBytes + rng.Next(1, 64 * 1024));
                var root = json.Root as JsonObject ?? (JsonObject)((JsonArray)json.Root)[0]!;
                root["padding"] = padding;
                if (rng.Next(3) == 0)
                {
                    draft.Body = FuzzJson.Utf8(new string('[', 10) + padding);
                }

                break;
            }

            case "notJson":
                draft.Body = FuzzJson.Utf8(Garbage[rng.Next(Garbage.Length)]);
                break;
            case "utf16":
            {
                // JSON text is UTF-8: UTF-16, with or without its byte order mark, is not JSON to this API.
                var encoding = rng.Next(2) == 0 ? Encoding.Unicode : Encoding.BigEndianUnicode;
                draft.Body = [.. rng.Next(2) == 0 ? encoding.GetPreamble() : [], .. encoding.GetBytes(json.Render())];
                break;
            }

            case "emptyBody":
                draft.Body = [];
                draft.Chunked = rng.Next(4) == 0;
                break;
            case "invalidUtf8":
            {
                var stringFields = fields.Where(f => f.Kind is not (Kind.Decimal or Kind.Object or Kind.Array) && json.Get(f.Path) is JsonValue).ToList();
                var field = stringFields[rng.Next(stringFields.Count)];
                var marker = "@@badutf8@@";
                json.Set(field.Path, JsonValue.Create(marker));
                var bad = new[] { new byte[] { 0xFF }, [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFE, 0xFF] }[rng.Next(7)];
                var parts = json.Render().Split(marker);
                draft.Body = [.. FuzzJson.Utf8(parts[0]), .. bad, .. FuzzJson.Utf8(parts[1])];
                draft.Strategy = "invalidUtf8:" + field.Path + "=" + Convert.ToHexString(bad);
                break;
            }

            case "nonObjectEvent":
            {
                var shapes = new[] { "5", "\"x\"", "true", "null", "[1]", "[null]", "[[]]", "[\"x\"]", "[{}]", "{}", "[{\"eventType\":\"Microsoft.Communication.SMSReceived\"}]", "[[{\"eventType\":\"x\",\"data\":{}}]]", "[true,false]", "{\"data\":{}}", "[{\"data\":{}}]" };
                var shape = shapes[rng.Next(shapes.Length)];
                draft.Body = FuzzJson.Utf8(shape);
                draft.Strategy = "nonObjectEvent:" + shape;
                break;
            }

            default:
                Semantic(index, draft, rng);
                break;
        }

        return draft;
    }

    /// <summary>The JsonBody limit of the app (256 KiB).</summary>
    private const int JsonBodyMaxBytes = 256 * 1024;

    /// <summary>Sets a field, creating its parent object if a mutation removed it.</summary>
    private static void SetDeep(FuzzJson json, string path, JsonNode? value)
    {
        if (!json.Set(path, value) && path.Contains('.', StringComparison.Ordinal) && !path.StartsWith('['))
        {
            var parent = path[..path.LastIndexOf('.')];
            json.Set(parent, new JsonObject());
            json.Set(path, value);
        }
    }

    /// <summary>A value the API must refuse for <paramref name="field"/>: a wrong JSON type, or a right type with a bad value.</summary>
    private (JsonNode? Value, string What) RefusedValue(Field field, FuzzJson json, Random rng)
    {
        JsonNode RawOf(string[] pool, out string what)
        {
            what = pool[rng.Next(pool.Length)];
            return json.Raw(what);
        }

        JsonNode Text(string[] pool, out string what)
        {
            var text = pool[rng.Next(pool.Length)];
            what = FuzzJson.Quote(text);
            return JsonValue.Create(text);
        }

        var wrongType = rng.Next(2) == 0;
        string w;
        switch (field.Kind)
        {
            case Kind.Decimal:
                return (wrongType ? RawOf(NotNumbers, out w) : RawOf(BadAmounts, out w), w);
            case Kind.Object:
                return (RawOf(NotObjects, out w), w);
            case Kind.Array:
            {
                if (wrongType)
                {
                    return (RawOf(NotArrays, out w), w);
                }

                var bad = field.Path == "steps"
                    ? new[] { "[]", "[1]", "[null]", "[\"step\"]", "[" + string.Join(",", Enumerable.Repeat(json.Get("steps[0]")?.ToJsonString() ?? "{}", 21)) + "]" }
                    : ["[]", "[\"fax\"]", "[\"email\",\"email\"]", "[1]", "[null]", "[\"EMAIL\"]", "[\"email\",\"\u202Esms\"]", "[[\"email\"]]"];
                return (RawOf(bad, out w), w.Length > 60 ? w[..60] + "…" : w);
            }
        }

        if (field.Kind == Kind.Choice && field.Choices is { Length: 0 })
        {
            // ACS event types: any string is a type (unknown ones are ignored), so only a non-string is refused.
            return (RawOf(NotStrings, out w), w);
        }

        if (wrongType)
        {
            return (RawOf(NotStrings, out w), w);
        }

        switch (field.Kind)
        {
            case Kind.Text:
            {
                if (field.Required && rng.Next(3) == 0)
                {
                    return (Text([" ", "\t\r\n", "\u3000", "\u00A0\u2003", ""], out w), w);
                }

                var length = field.MaxLength + 1 + (rng.Next(3) switch { 0 => 0, 1 => rng.Next(1, 500), _ => rng.Next(1000, 100_000) });
                var text = LongText(rng, length);
                return (JsonValue.Create(text), $"<{length} characters>");
            }

            case Kind.Id:
                if (rng.Next(6) == 0)
                {
                    return (RawOf(RawHostileStrings, out w), w);
                }

                return (Text(BadIds, out w), w);
            case Kind.Email:
                return (Text(BadEmails, out w), w);
            case Kind.Phone:
                return (Text(BadPhones, out w), w);
            case Kind.Language:
                return (Text(BadLanguages, out w), w);
            case Kind.TimeZone:
                return (Text(BadTimeZones, out w), w);
            case Kind.Currency:
                return (Text(BadCurrencies, out w), w);
            case Kind.Url:
                return (Text(BadUrls, out w), w);
            case Kind.PolicyName:
                return (Text(BadPolicyNames, out w), w);
            case Kind.TemplateName:
                return (Text(BadTemplateNames, out w), w);
            case Kind.Duration:
                return (Text(BadDurations, out w), w);
            case Kind.Choice:
                return (Text(field.Choices!, out w), w);
            case Kind.Instant:
                return (Text(BadInstants, out w), w);
            case Kind.Date:
            {
                var pool = field.Path switch
                {
                    "promisedOn" => [.. BadDates, "2020-01-01", Day(-2), Day(400), Day(367 + rng.Next(1000))],
                    "dueOn" => [.. BadDates, Day(-20)],
                    _ => BadDates,
                };
                return (Text(pool, out w), w);
            }

            default:
                return (RawOf(NotStrings, out w), w);
        }
    }

    private static string LongText(Random rng, int length)
    {
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(rng.Next(4) == 0 ? HostileText[rng.Next(HostileText.Length)] : "lorem ipsum ");
        }

        // Never end on half a surrogate pair: the length is what the validator counts, not what this cut breaks.
        var cut = char.IsHighSurrogate(text[length - 1]) ? length + 1 : length;
        return text.ToString(0, Math.Min(cut, text.Length));
    }

    private static string DeepNesting(FuzzJson json, Random rng, out string how)
    {
        var depth = new[] { 65, 200, 1000, 10_000 }[rng.Next(4)];
        switch (rng.Next(4))
        {
            case 0:
                how = $"{depth} nested arrays as the body";
                return new string('[', depth) + new string(']', depth);
            case 1:
            {
                how = $"{depth} nested objects in an extra field";
                var inner = new StringBuilder();
                for (var i = 0; i < depth; i++)
                {
                    inner.Append("{\"a\":");
                }

                inner.Append('1').Append('}', depth);
                return InsertIntoRoot(json, $"\"nested\":{inner},");
            }

            case 2:
            {
                how = $"{depth} nested arrays in an existing field";
                var paths = json.Paths().Where(p => json.Get(p) is JsonValue).ToList();
                json.Set(paths[rng.Next(paths.Count)], json.Raw(new string('[', depth) + new string(']', depth)));
                return json.Render();
            }

            default:
                how = $"{depth} nested arrays, unterminated";
                return new string('[', depth);
        }
    }

    /// <summary>Puts <paramref name="member"/> (ending in a comma) first in the root object (or the first event's).</summary>
    private static string InsertIntoRoot(FuzzJson json, string member)
    {
        var text = json.Render();
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        return text[..(brace + 1)] + member + text[(brace + 1)..];
    }

    /// <summary>Valid-looking bodies that the state or the rules refuse: conflicts, wrong keys, bad names, unknown cases.</summary>
    private void Semantic(int index, Draft draft, Random rng)
    {
        var json = draft.Json!;
        switch (draft.Endpoint)
        {
            case FuzzEndpoint.OpenCase:
                if (rng.Next(3) == 0)
                {
                    // Only a new case reads its policy (an existing one keeps its own), so this one is aimed at a fresh id.
                    draft.Strategy = "semantic:unknownPolicy";
                    draft.TargetsSnapshot = false;
                    draft.FreshInvoiceId = $"fz-o-{index}";
                    json.Set("invoiceId", draft.FreshInvoiceId);
                    json.Set("policy", "no-such-policy-" + index.ToString(CultureInfo.InvariantCulture));
                    break;
                }

                // The same invoice again with other money: a conflict, whatever else the body says.
                draft.TargetsSnapshot = true;
                draft.FreshInvoiceId = null;
                json.Set("invoiceId", targets.SnapshotCases[rng.Next(targets.SnapshotCases.Count)]);
                if (rng.Next(2) == 0)
                {
                    json.Set("amount", targets.SnapshotAmount + (rng.Next(2) == 0 ? 0.01m : 1000m));
                    draft.Strategy = "semantic:reopenWithOtherAmount";
                }
                else
                {
                    json.Set("currency", "EUR");
                    draft.Strategy = "semantic:reopenWithOtherCurrency";
                }

                break;
            case FuzzEndpoint.Payment:
            {
                draft.TargetsSnapshot = true;
                if (rng.Next(2) == 0)
                {
                    var known = targets.SnapshotPayments[rng.Next(targets.SnapshotPayments.Count)];
                    var other = Payment(known.PaymentId, known.InvoiceId, known.Amount, known.Currency, known.PaidAt);
                    switch (rng.Next(3))
                    {
                        case 0:
                            other.Json!.Set("amount", known.Amount + 0.01m);
                            break;
                        case 1:
                            other.Json!.Set("paidAt", "2026-11-21T15:04:05Z");
                            break;
                        default:
                            other.Json!.Set("invoiceId", targets.SnapshotCases[rng.Next(targets.SnapshotCases.Count)] is var id && id != known.InvoiceId ? id : targets.SnapshotUnmatchedInvoices[0]);
                            break;
                    }

                    draft.Json = other.Json;
                    draft.Strategy = "semantic:knownPaymentIdOtherContent";
                }
                else
                {
                    json.Set("invoiceId", targets.SnapshotCases[rng.Next(targets.SnapshotCases.Count)]);
                    json.Set("currency", new[] { "EUR", "MXN", "CLP" }[rng.Next(3)]);
                    json.Set("amount", 1m);
                    draft.Strategy = "semantic:otherCurrencyThanTheCase";
                }

                break;
            }

            case FuzzEndpoint.Promise or FuzzEndpoint.Escalate or FuzzEndpoint.Pause or FuzzEndpoint.Note:
                SemanticStaffAction(index, draft, rng);
                break;
            case FuzzEndpoint.Policy:
                draft.TargetsSnapshot = false;
                draft.Path = "api/policies/" + Uri.EscapeDataString(BadPolicyNames[1 + rng.Next(BadPolicyNames.Length - 1)]);
                draft.Strategy = "semantic:badPolicyName";
                break;
            default:
            {
                var key = new[] { null, "", "wrong", targets.EventsKey.ToUpperInvariant(), targets.EventsKey + "x", targets.EventsKey[..^1], " " + targets.EventsKey, "\u202E" + targets.EventsKey, targets.EventsKey + "\u200B" }[rng.Next(9)];
                draft.Path = AcsPath(key);
                draft.Strategy = "semantic:wrongKey " + (key is null ? "(none)" : FuzzJson.Quote(key));
                break;
            }
        }
    }

    private void SemanticStaffAction(int index, Draft draft, Random rng)
    {
        var action = draft.Path[(draft.Path.LastIndexOf('/') + 1)..];
        var choice = rng.Next(3);
        if (choice == 0 || draft.Endpoint == FuzzEndpoint.Note)
        {
            draft.TargetsSnapshot = false;
            if (rng.Next(2) == 0)
            {
                draft.Path = $"api/cases/fz-nocase-{index}/{action}";
                draft.Strategy = "semantic:unknownCase";
            }
            else
            {
                // Not NUL: Kestrel refuses a path with %00 before the app sees it (a bare 400 the app cannot shape).
                var bad = BadIds.Where(id => id.Length > 0 && !id.Contains('/', StringComparison.Ordinal) && !id.Contains('\0', StringComparison.Ordinal)).ToArray();
                draft.Path = $"api/cases/{Uri.EscapeDataString(bad[rng.Next(bad.Length)])}/{action}";
                draft.Strategy = "semantic:badCaseIdInPath";
            }

            return;
        }

        draft.TargetsSnapshot = true;
        switch (draft.Endpoint)
        {
            case FuzzEndpoint.Promise when choice == 1:
                draft.Path = CasePath(new[] { targets.SnapshotActive, targets.SnapshotPromised }[rng.Next(2)], action);
                // Two days back at least: the debtor's today (America/New_York) can be the UTC yesterday.
                draft.Json!.Set("promisedOn", rng.Next(2) == 0 ? Day(-2 - rng.Next(400)) : Day(367 + rng.Next(400)));
                draft.Strategy = "semantic:promiseDateOutOfRange";
                break;
            case FuzzEndpoint.Promise:
            case FuzzEndpoint.Escalate:
                draft.Path = CasePath(targets.SnapshotClosed, action);
                draft.Strategy = "semantic:closedCase";
                break;
            default:
                draft.Path = CasePath(rng.Next(2) == 0 ? targets.SnapshotPaused : targets.SnapshotClosed, action);
                draft.Strategy = "semantic:pauseWhenPausedOrClosed";
                break;
        }
    }

    // ---- Mutations: anything goes, aimed only at fuzz-only ids --------------------------------------------------------

    private Draft Mutation(int index, FuzzEndpoint endpoint, Random rng)
    {
        var draft = Template(index, endpoint, rng, snapshot: false, out _);
        var json = draft.Json!;
        var strategy = Pick(rng,
        [
            ("valid", 4), ("dropField", 10), ("nullField", 8), ("swapType", 10), ("flipChar", 14), ("extraFields", 8), ("duplicateKey", 8),
            ("unicode", 12), ("longText", 6), ("numberEdge", 5), ("jsonContentType", 5), ("bomWhitespace", 4), ("chunked", 4), ("randomBytes", 4),
            ("invalidUtf8Anywhere", 2), ("emptyOrNull", 2),
        ]);
        draft.Strategy = strategy;
        var paths = json.Paths();
        switch (strategy)
        {
            case "dropField":
            {
                var path = paths[rng.Next(paths.Count)];
                json.Remove(path);
                draft.Strategy += ":" + path;
                break;
            }

            case "nullField":
            {
                var path = paths[rng.Next(paths.Count)];
                json.Set(path, null);
                draft.Strategy += ":" + path;
                break;
            }

            case "swapType":
            {
                var path = paths[rng.Next(paths.Count)];
                var value = AnyValue(json, rng, out var what);
                json.Set(path, value);
                draft.Strategy += $":{path}={what}";
                break;
            }

            case "flipChar":
            {
                var text = json.Render();
                var edits = 1 + (rng.Next(4) == 0 ? rng.Next(1, 5) : 0);
                for (var e = 0; e < edits; e++)
                {
                    text = FlipChar(text, rng);
                }

                draft.Body = FuzzJson.Utf8(text);
                draft.Strategy += $":{edits}";
                break;
            }

            case "extraFields":
            {
                var objects = json.ObjectPaths();
                for (var n = rng.Next(1, 5); n > 0; n--)
                {
                    var at = objects[rng.Next(objects.Count)];
                    var target = (JsonObject)(at.Length == 0 ? json.Root : json.Get(at)!);
                    var name = ExtraNames[rng.Next(ExtraNames.Length)];
                    if (!target.ContainsKey(name))
                    {
                        target[name] = AnyValue(json, rng, out _);
                    }
                }

                if (rng.Next(4) == 0)
                {
                    // A name no .NET string can hold: a lone surrogate escape.
                    draft.Body = FuzzJson.Utf8(InsertIntoRoot(json, new[] { "\"\\ud800\":1,", "\"a\\udfffb\":\"x\",", "\"\\udbff\":null," }[rng.Next(3)]));
                    draft.Strategy += ":loneSurrogateName";
                }

                break;
            }

            case "duplicateKey":
            {
                var root = json.Root as JsonObject ?? (JsonObject)((JsonArray)json.Root)[0]!;
                var names = root.Select(p => p.Key).ToList();
                var name = names[rng.Next(names.Count)];
                var value = rng.Next(2) == 0 ? root[name]?.DeepClone() : AnyValue(json, rng, out _);
                var member = FuzzJson.Quote(name) + ":" + json.RenderNode(value);
                var text = json.Render();
                draft.Body = FuzzJson.Utf8(rng.Next(2) == 0
                    ? InsertIntoRoot(json, member + ",")
                    : text[..text.LastIndexOf('}')] + "," + member + text[text.LastIndexOf('}')..]);
                draft.Strategy += ":" + name;
                break;
            }

            case "unicode":
            {
                var path = FreeTextPath(draft, json, rng);
                if (rng.Next(3) == 0)
                {
                    json.Set(path, json.Raw(RawHostileStrings[rng.Next(RawHostileStrings.Length)]));
                }
                else
                {
                    json.Set(path, HostileText[rng.Next(HostileText.Length)]);
                }

                draft.Strategy += ":" + path;
                break;
            }

            case "longText":
            {
                var path = FreeTextPath(draft, json, rng);
                var length = new[] { 63, 64, 65, 199, 200, 201, 1999, 2000, 2001, 2048, 2049, 30_000, 70_000, 120_000 }[rng.Next(14)];
                json.Set(path, LongText(rng, length));
                draft.Strategy += $":{path}=<{length} characters>";
                break;
            }

            case "numberEdge":
            {
                var path = paths.Where(p => p.EndsWith("amount", StringComparison.Ordinal)).FirstOrDefault() ?? paths[rng.Next(paths.Count)];
                var raw = new[] { "0.01", "1e2", "1E+1", "100.0000", "999999999999.99", "1000000000000", "1e-2", "0.1e1", "5.000000000000000000000000001", "1.10", "2" }[rng.Next(11)];
                json.Set(path, json.Raw(raw));
                draft.Strategy += $":{path}={raw}";
                break;
            }

            case "jsonContentType":
                draft.ContentType = JsonContentTypes[rng.Next(JsonContentTypes.Length)];
                draft.Strategy += ":'" + draft.ContentType + "'";
                break;
            case "bomWhitespace":
                draft.Body = rng.Next(3) switch
                {
                    0 => [0xEF, 0xBB, 0xBF, .. FuzzJson.Utf8(json.Render())],
                    1 => FuzzJson.Utf8(" \r\n\t" + json.Render() + "\n\n  "),
                    _ => FuzzJson.Utf8(json.Render(indented: true)),
                };
                break;
            case "chunked":
                draft.Chunked = true;
                break;
            case "randomBytes":
            {
                var bytes = new byte[rng.Next(1, 2000)];
                rng.NextBytes(bytes);
                draft.Body = bytes;
                break;
            }

            case "invalidUtf8Anywhere":
            {
                var text = FuzzJson.Utf8(json.Render());
                var at = rng.Next(text.Length);
                draft.Body = [.. text[..at], 0xFF, 0xFE, .. text[at..]];
                break;
            }

            case "emptyOrNull":
                draft.Body = FuzzJson.Utf8(new[] { "", "null", "{}", "[]", " " }[rng.Next(5)]);
                break;
        }

        return draft;
    }

    /// <summary>A field that holds free text (names, notes, reasons, descriptions, SMS texts), or any string field.</summary>
    private static string FreeTextPath(Draft draft, FuzzJson json, Random rng)
    {
        string[] preferred = draft.Endpoint switch
        {
            FuzzEndpoint.OpenCase => ["invoiceNumber", "debtor.name", "debtor.email", "paymentUrl", "invoiceId", "debtor.id"],
            FuzzEndpoint.Payment => ["paymentId", "invoiceId", "currency"],
            FuzzEndpoint.Promise => ["note", "promisedOn"],
            FuzzEndpoint.Escalate => ["reason", "to"],
            FuzzEndpoint.Pause => ["reason"],
            FuzzEndpoint.Note => ["text"],
            FuzzEndpoint.Policy => ["description", "steps[0].template", "steps[0].wait"],
            _ => json.Paths().Where(p => json.Get(p) is JsonValue).ToArray(),
        };
        var present = preferred.Where(json.Has).ToArray();
        return present.Length > 0 ? present[rng.Next(present.Length)] : preferred[0];
    }

    /// <summary>Any JSON value at all: valid-looking, hostile, big, nested.</summary>
    private static JsonNode? AnyValue(FuzzJson json, Random rng, out string what)
    {
        switch (rng.Next(8))
        {
            case 0:
                what = "null";
                return null;
            case 1:
            {
                var raw = NotStrings[rng.Next(NotStrings.Length)];
                what = raw;
                return json.Raw(raw);
            }

            case 2:
            {
                var raw = NotNumbers[rng.Next(NotNumbers.Length)];
                what = raw;
                return json.Raw(raw);
            }

            case 3:
            {
                var raw = BadAmounts[rng.Next(BadAmounts.Length)];
                what = raw;
                return json.Raw(raw);
            }

            case 4:
            {
                var text = HostileText[rng.Next(HostileText.Length)];
                what = FuzzJson.Quote(text);
                return JsonValue.Create(text);
            }

            case 5:
            {
                var raw = RawHostileStrings[rng.Next(RawHostileStrings.Length)];
                what = raw;
                return json.Raw(raw);
            }

            case 6:
            {
                var array = new JsonArray();
                for (var i = rng.Next(0, 2000); i > 0; i--)
                {
                    array.Add(i);
                }

                what = $"[{array.Count} numbers]";
                return array;
            }

            default:
            {
                var text = new[] { "2026-11-20", "2026-11-20T15:04:05Z", "P1D", "USD", "email", "legal", "fz-x", "+12125550199", "es", "UTC" }[rng.Next(10)];
                what = FuzzJson.Quote(text);
                return JsonValue.Create(text);
            }
        }
    }

    private static string FlipChar(string text, Random rng)
    {
        if (text.Length == 0)
        {
            return "x";
        }

        var at = rng.Next(text.Length);
        if (char.IsSurrogate(text[at]))
        {
            return text;
        }

        var pool = "\"\\{}[]:,0123456789.-+eE \u0000\tnulltrue\u00e9\u202E😀xZ";
        var c = pool[rng.Next(pool.Length)];
        var replacement = char.IsSurrogate(c) ? "😀" : c.ToString();
        return rng.Next(3) switch
        {
            0 => text[..at] + replacement + text[(at + 1)..],
            1 => text[..at] + replacement + text[at..],
            _ => text[..at] + text[(at + 1)..],
        };
    }

    private static T Pick<T>(Random rng, (T Value, int Weight)[] choices)
    {
        var total = choices.Sum(c => c.Weight);
        var roll = rng.Next(total);
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }
}
