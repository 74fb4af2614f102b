using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cobranza.Domain;

/// <summary>
/// Reads and validates a policy's JSON document (the body of <c>PUT /api/policies/{name}</c>), reporting every bad field
/// by its path rather than stopping at the first.
/// </summary>
public static partial class PolicyDocument
{
    public const int MaxSteps = 20;
    public const int MaxDescriptionLength = 2000;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyName();

    /// <summary>Whether <paramref name="name"/> can name a policy: 1–64 lower-case letters, digits, '-' and '_'.</summary>
    public static bool IsValidName(string? name) => name is not null && PolicyName().IsMatch(name);

    /// <summary>Validates <paramref name="document"/>; on success returns the policy with the given name and version.</summary>
    public static DunningPolicy? Read(string name, int version, JsonElement document, ValidationErrors errors)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "A policy is a JSON object with steps, handoff and promiseGrace.");
            return null;
        }

        if (!JsonStrings.AllNamesReadable(document))
        {
            errors.Add("body", "A field name is not valid text.");
            return null;
        }

        var steps = ReadSteps(document, errors);
        var handoff = ReadHandoff(document, errors);
        var grace = DunningPolicy.DefaultPromiseGrace;
        if (document.TryGetProperty("promiseGrace", out var graceElement) && graceElement.ValueKind != JsonValueKind.Null)
        {
            grace = ReadDuration(graceElement, "promiseGrace", errors) ?? grace;
        }

        var contactRules = document.TryGetProperty("contactRules", out var rulesElement) && rulesElement.ValueKind != JsonValueKind.Null
            ? ReadContactRules(rulesElement, errors)
            : null;
        var sms = document.TryGetProperty("sms", out var smsElement) && smsElement.ValueKind != JsonValueKind.Null
            ? ReadSms(smsElement, errors)
            : SmsOptions.Default;

        if (document.TryGetProperty("description", out var description) && description.ValueKind != JsonValueKind.Null
            && (!JsonStrings.TryGet(description, out var text) || text.Length > MaxDescriptionLength))
        {
            errors.Add("description", $"At most {MaxDescriptionLength} characters of text.");
        }

        foreach (var property in document.EnumerateObject())
        {
            if (!JsonStrings.TryGetName(property, out var field))
            {
                errors.Add("body", "A field name is not valid text.");
                continue;
            }

            if (field is not ("steps" or "handoff" or "promiseGrace" or "contactRules" or "sms" or "description" or "name" or "version" or "createdAt"))
            {
                errors.Add(field, "Unknown field; a policy has steps, handoff, promiseGrace, contactRules, sms and description.");
            }
        }

        return errors.IsEmpty && handoff is not null
            ? new DunningPolicy(name, version, steps, handoff, grace, contactRules, sms)
            : null;
    }

    /// <summary>Parses a trusted document (such as <see cref="DefaultPolicy.Document"/>); throws if it is invalid.</summary>
    public static DunningPolicy Parse(string name, int version, string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        return Read(name, version, document.RootElement, errors)
            ?? throw new FormatException($"Invalid policy '{name}': {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
    }

    private static List<PolicyStep> ReadSteps(JsonElement document, ValidationErrors errors)
    {
        var steps = new List<PolicyStep>();
        if (!document.TryGetProperty("steps", out var stepsElement) || stepsElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add("steps", "Required: an array of 1 to 20 steps.");
            return steps;
        }

        var count = stepsElement.GetArrayLength();
        if (count is 0 or > MaxSteps)
        {
            errors.Add("steps", $"A policy has 1 to {MaxSteps} steps; this one has {count}.");
        }

        var index = 0;
        foreach (var step in stepsElement.EnumerateArray())
        {
            var path = $"steps[{index++}]";
            if (step.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "A step is an object with wait, channels, template and tone.");
                continue;
            }

            var wait = step.TryGetProperty("wait", out var waitElement) ? ReadDuration(waitElement, $"{path}.wait", errors) : Missing($"{path}.wait", errors);
            var channels = ReadChannels(step, $"{path}.channels", errors);
            var template = ReadTemplate(step, $"{path}.template", errors);
            var tone = ReadEnum<Tone>(step, "tone", $"{path}.tone", "friendly, firm, formal or final", errors);
            foreach (var property in step.EnumerateObject())
            {
                if (!JsonStrings.TryGetName(property, out var field))
                {
                    errors.Add(path, "A field name is not valid text.");
                    continue;
                }

                if (field is not ("wait" or "channels" or "template" or "tone"))
                {
                    errors.Add($"{path}.{field}", "Unknown field; a step has wait, channels, template and tone.");
                }
            }

            if (wait is not null && channels is not null && template is not null && tone is not null)
            {
                steps.Add(new PolicyStep(wait, channels, template, tone.Value));
            }
        }

        return steps;
    }

    /// <summary>Reads <c>contactRules</c>; an omitted field takes its default.</summary>
    private static ContactRules ReadContactRules(JsonElement element, ValidationErrors errors)
    {
        var rules = ContactRules.Default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("contactRules", "An object {hours, days, maxPer7Days, holidays}.");
            return rules;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!JsonStrings.TryGetName(property, out var field))
            {
                errors.Add("contactRules", "A field name is not valid text.");
                continue;
            }

            var path = $"contactRules.{field}";
            var value = property.Value;
            switch (field)
            {
                case "hours":
                    if (ContactRules.TryParseHours(JsonStrings.GetOrNull(value), out var start, out var end))
                    {
                        rules = rules with { HoursStart = start, HoursEnd = end };
                    }
                    else
                    {
                        errors.Add(path, "Hours as \"HH:mm-HH:mm\" in the debtor's time zone, start before end, e.g. \"08:00-20:00\".");
                    }

                    break;
                case "days":
                    if (ContactRules.TryParseDays(JsonStrings.GetOrNull(value), out var days))
                    {
                        rules = rules with { Days = days };
                    }
                    else
                    {
                        errors.Add(path, "Days such as \"Mon-Sat\", \"Mon-Fri\" or \"Mon,Wed,Fri\".");
                    }

                    break;
                case "maxPer7Days":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var cap) && cap is >= 1 and <= ContactRules.MaxPer7DaysLimit)
                    {
                        rules = rules with { MaxPer7Days = cap };
                    }
                    else
                    {
                        errors.Add(path, $"A whole number from 1 to {ContactRules.MaxPer7DaysLimit}.");
                    }

                    break;
                case "holidays":
                    rules = rules with { Holidays = ReadHolidays(value, path, errors) };
                    break;
                default:
                    errors.Add(path, "Unknown field; contact rules have hours, days, maxPer7Days and holidays.");
                    break;
            }
        }

        return rules;
    }

    private static List<DateOnly> ReadHolidays(JsonElement element, string path, ValidationErrors errors)
    {
        var holidays = new List<DateOnly>();
        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "An array of dates as YYYY-MM-DD.");
            return holidays;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (JsonStrings.TryGet(item, out var date)
                && DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                holidays.Add(day);
            }
            else
            {
                errors.Add($"{path}[{index}]", "A date as YYYY-MM-DD.");
            }

            index++;
        }

        return holidays;
    }

    private static SmsOptions ReadSms(JsonElement element, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("sms", "An object {foldAccents}.");
            return SmsOptions.Default;
        }

        var sms = SmsOptions.Default;
        foreach (var property in element.EnumerateObject())
        {
            if (!JsonStrings.TryGetName(property, out var field))
            {
                errors.Add("sms", "A field name is not valid text.");
                continue;
            }

            if (field == "foldAccents" && property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                sms = new SmsOptions(property.Value.GetBoolean());
            }
            else
            {
                errors.Add($"sms.{field}", field == "foldAccents" ? "true or false." : "Unknown field; sms has foldAccents.");
            }
        }

        return sms;
    }

    private static PolicyHandoff? ReadHandoff(JsonElement document, ValidationErrors errors)
    {
        if (!document.TryGetProperty("handoff", out var handoff) || handoff.ValueKind != JsonValueKind.Object)
        {
            errors.Add("handoff", "Required: an object {to: legal | agency, wait}.");
            return null;
        }

        var to = ReadEnum<HandoffTarget>(handoff, "to", "handoff.to", "legal or agency", errors);
        var wait = handoff.TryGetProperty("wait", out var waitElement) ? ReadDuration(waitElement, "handoff.wait", errors) : Missing("handoff.wait", errors);
        foreach (var property in handoff.EnumerateObject())
        {
            if (!JsonStrings.TryGetName(property, out var field))
            {
                errors.Add("handoff", "A field name is not valid text.");
                continue;
            }

            if (field is not ("to" or "wait"))
            {
                errors.Add($"handoff.{field}", "Unknown field; a handoff has to and wait.");
            }
        }

        return to is not null && wait is not null ? new PolicyHandoff(to.Value, wait) : null;
    }

    private static IsoDuration? Missing(string path, ValidationErrors errors)
    {
        errors.Add(path, "Required: an ISO 8601 duration such as P7D or PT1H.");
        return null;
    }

    private static IsoDuration? ReadDuration(JsonElement element, string path, ValidationErrors errors)
    {
        if (!JsonStrings.TryGet(element, out var text))
        {
            errors.Add(path, "Must be a string holding an ISO 8601 duration such as P7D or PT1H.");
            return null;
        }

        if (!IsoDuration.TryParse(text, out var duration, out var error))
        {
            errors.Add(path, $"The duration {error}.");
            return null;
        }

        return duration;
    }

    private static List<Channel>? ReadChannels(JsonElement step, string path, ValidationErrors errors)
    {
        if (!step.TryGetProperty("channels", out var element) || element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            errors.Add(path, "Required: a non-empty array of channels (email, sms).");
            return null;
        }

        var channels = new List<Channel>();
        foreach (var item in element.EnumerateArray())
        {
            Channel? channel = JsonStrings.GetOrNull(item) switch
            {
                "email" => Channel.Email,
                "sms" => Channel.Sms,
                _ => null,
            };
            if (channel is null)
            {
                errors.Add(path, $"Unknown channel {item.GetRawText()}; use email or sms.");
                return null;
            }

            if (channels.Contains(channel.Value))
            {
                errors.Add(path, $"Channel {item.GetRawText()} is listed twice.");
                return null;
            }

            channels.Add(channel.Value);
        }

        return channels;
    }

    private static string? ReadTemplate(JsonElement step, string path, ValidationErrors errors)
    {
        if (!step.TryGetProperty("template", out var element) || !JsonStrings.TryGet(element, out var template))
        {
            errors.Add(path, "Required: a template name (lower-case letters, digits, '.', '_', '-').");
            return null;
        }

        if (!TemplateName().IsMatch(template))
        {
            errors.Add(path, $"'{JsonStrings.Quote(template)}' is not a template name: 1-64 lower-case letters, digits, '.', '_' or '-'.");
            return null;
        }

        return template;
    }

    private static TEnum? ReadEnum<TEnum>(JsonElement parent, string property, string path, string allowed, ValidationErrors errors)
        where TEnum : struct, Enum
    {
        if (parent.TryGetProperty(property, out var element) && JsonStrings.TryGet(element, out var text))
        {
            foreach (var value in Enum.GetValues<TEnum>())
            {
                if (string.Equals(Wire.Name(value), text, StringComparison.Ordinal))
                {
                    return value;
                }
            }
        }

        errors.Add(path, $"Required: one of {allowed}.");
        return null;
    }
}
