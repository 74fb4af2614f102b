using System.Diagnostics;
using Cobranza.Domain;

namespace Cobranza.Functions.Telemetry;

/// <summary>
/// The app's spans: a case decision, an effect (message send, handoff) and a timer fire, each tagged with the case, the
/// invoice and the step. Only ids, step numbers, channels and outcomes go into telemetry: never a debtor's name, e-mail
/// address, phone number or a request body (the tests export everything and look for them).
/// </summary>
public static class CobranzaTelemetry
{
    /// <summary>The ActivitySource (and the Meter, see Messaging.MessageFailures) name.</summary>
    public const string SourceName = "Cobranza";

    public const string CaseIdAttribute = "cobranza.case_id";
    public const string InvoiceIdAttribute = "cobranza.invoice_id";
    public const string StepAttribute = "cobranza.step";
    public const string CommandAttribute = "cobranza.command";
    public const string ChannelAttribute = "cobranza.channel";
    public const string EffectAttribute = "cobranza.effect";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span about one case; the case id is the invoice id (one case per invoice), both are set so queries can use either.</summary>
    public static Activity? StartCaseActivity(string name, string invoiceId, ActivityKind kind = ActivityKind.Internal)
    {
        var activity = Source.StartActivity(name, kind);
        activity?.SetTag(CaseIdAttribute, invoiceId);
        activity?.SetTag(InvoiceIdAttribute, invoiceId);
        return activity;
    }

    /// <summary>Records the step a case is at (after a decision).</summary>
    public static void SetStep(this Activity? activity, DunningCase? state)
    {
        if (activity is not null && state is not null)
        {
            activity.SetTag(StepAttribute, state.CurrentStep);
        }
    }
}
