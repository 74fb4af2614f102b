using System.Globalization;
using System.Text;

namespace Cobranza.Functions.Tests.Robustness;

public enum FuzzEndpoint
{
    OpenCase,
    Payment,
    Promise,
    Escalate,
    Pause,
    Note,
    Policy,
    AcsEvents,
}

/// <summary>
/// One generated request. <see cref="MustBeRefused"/> marks requests that are invalid by construction (the API's contract
/// says 4xx whatever the state); only those are ever aimed at the snapshot cases, payments and policy
/// (<see cref="TargetsSnapshot"/>). Everything else (mutations that may happen to be valid) goes to fuzz-only ids.
/// </summary>
public sealed record FuzzRequest(
    int Seed,
    int Index,
    FuzzEndpoint Endpoint,
    string Strategy,
    string Method,
    string Path,
    byte[]? Body,
    string? ContentType,
    bool Chunked,
    bool MustBeRefused,
    bool TargetsSnapshot,
    string? FreshInvoiceId)
{
    /// <summary>Everything needed to replay the request by hand, and how to regenerate it.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[seed {Seed} #{Index}] {Endpoint}/{Strategy} {Method} /{Path}");
        text.Append(CultureInfo.InvariantCulture, $" content-type={(ContentType is null ? "(none)" : "'" + ContentType + "'")}");
        if (Chunked)
        {
            text.Append(" chunked");
        }

        text.Append(CultureInfo.InvariantCulture, $" mustBeRefused={MustBeRefused} snapshotTarget={TargetsSnapshot}");
        text.Append(CultureInfo.InvariantCulture, $" body[{Body?.Length ?? 0} bytes]={Excerpt(Body, 400)}");
        return text.ToString();
    }

    /// <summary>The start of a body as readable text: control characters and invalid UTF-8 escaped.</summary>
    public static string Excerpt(byte[]? body, int max)
    {
        if (body is null)
        {
            return "(no body)";
        }

        var text = new UTF8Encoding(false, false).GetString(body, 0, Math.Min(body.Length, max * 4));
        var shown = new StringBuilder();
        foreach (var c in text)
        {
            if (shown.Length >= max)
            {
                shown.Append('…');
                break;
            }

            shown.Append(c is < ' ' or '\u007f' or '\ufffd' || char.IsSurrogate(c) || c is >= '\u2000' and <= '\u206f'
                ? $"\\u{(int)c:x4}"
                : c.ToString());
        }

        return shown.ToString();
    }
}
