using System.Text.Json.Nodes;
using Cobranza.Domain.Tests.Builders;

namespace Cobranza.Domain.Tests.Policies;

public sealed class ContactRulesTests
{
    private static readonly DayOfWeek[] _mondayToSaturday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];

    [Theory]
    [InlineData("08:00-20:00", 8, 0, 20, 0)]
    [InlineData("09:30-18:45", 9, 30, 18, 45)]
    [InlineData("00:00-23:59", 0, 0, 23, 59)]
    public void TryParseHours_StartBeforeEnd_ReturnsBothTimes(string text, int startHour, int startMinute, int endHour, int endMinute)
    {
        var parsed = ContactRules.TryParseHours(text, out var start, out var end);

        Assert.True(parsed);
        Assert.Equal(new TimeOnly(startHour, startMinute), start);
        Assert.Equal(new TimeOnly(endHour, endMinute), end);
    }

    [Theory]
    [InlineData("20:00-08:00")] // overnight windows are not supported: start must come before end
    [InlineData("08:00-08:00")]
    [InlineData("8-20")]
    [InlineData("25:00-26:00")]
    [InlineData("08:00")]
    [InlineData("08:00-20:00-22:00")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseHours_InvalidText_Rejected(string? text)
    {
        Assert.False(ContactRules.TryParseHours(text, out _, out _));
    }

    [Theory]
    [InlineData("Mon-Sat", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday })]
    [InlineData("Mon,Wed,Fri", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday })]
    [InlineData("Mon-Fri,Sun", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Sunday })]
    [InlineData("mon-fri", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })]
    [InlineData("SAT, sun", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [InlineData("Wed", new[] { DayOfWeek.Wednesday })]
    public void TryParseDays_ValidText_ReturnsTheDays(string text, DayOfWeek[] expected)
    {
        var parsed = ContactRules.TryParseDays(text, out var days);

        Assert.True(parsed);
        Assert.Equal(expected.Order(), days.Order());
    }

    [Theory]
    [InlineData("Sat-Mon")] // a range runs Monday to Sunday, never wrapping round the week
    [InlineData("Xyz")]
    [InlineData("Mon-Xyz")]
    [InlineData("Mon-Wed-Fri")]
    [InlineData("Monday")]
    [InlineData("Mon,,Tue")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParseDays_InvalidText_Rejected(string? text)
    {
        Assert.False(ContactRules.TryParseDays(text, out _));
    }

    [Theory]
    [InlineData("Mon-Sat", "Mon-Sat")]
    [InlineData("mon-fri", "Mon-Fri")]
    [InlineData("Mon,Wed,Fri", "Mon,Wed,Fri")]
    [InlineData("Fri,Mon,Wed", "Mon,Wed,Fri")]
    [InlineData("Mon-Fri,Sun", "Mon,Tue,Wed,Thu,Fri,Sun")]
    [InlineData("Sat,Sun", "Sat-Sun")]
    [InlineData("Mon-Sun", "Mon-Sun")]
    [InlineData("Sun", "Sun")]
    public void DaysText_ParsedDays_WritesCanonicalTextThatParsesBackToTheSameDays(string text, string canonical)
    {
        Assert.True(ContactRules.TryParseDays(text, out var days));
        var rules = ContactRules.Default with { Days = days };

        Assert.Equal(canonical, rules.DaysText);
        Assert.True(ContactRules.TryParseDays(rules.DaysText, out var again));
        Assert.Equal(days.Order(), again.Order());
    }

    [Theory]
    [InlineData("08:00-20:00")]
    [InlineData("09:30-18:45")]
    [InlineData("00:00-23:59")]
    public void HoursText_ParsedHours_WritesTheSameText(string text)
    {
        Assert.True(ContactRules.TryParseHours(text, out var start, out var end));
        var rules = ContactRules.Default with { HoursStart = start, HoursEnd = end };

        Assert.Equal(text, rules.HoursText);
        Assert.True(ContactRules.TryParseHours(rules.HoursText, out var startAgain, out var endAgain));
        Assert.Equal((start, end), (startAgain, endAgain));
    }

    [Fact]
    public void Read_ContactRulesOmitted_PolicyHasNoContactRules()
    {
        var (policy, errors) = Read(new PolicyJsonBuilder());

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Null(policy.ContactRules);
    }

    [Fact]
    public void Read_ContactRulesNull_PolicyHasNoContactRules()
    {
        var (policy, errors) = Read(new PolicyJsonBuilder().With("contactRules", null));

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Null(policy.ContactRules);
    }

    [Fact]
    public void Read_EmptyContactRules_EveryFieldTakesItsDefault()
    {
        var (policy, errors) = Read(new PolicyJsonBuilder().With("contactRules", new JsonObject()));

        Assert.Empty(errors);
        var rules = policy?.ContactRules;
        Assert.NotNull(rules);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(20, 0)), (rules.HoursStart, rules.HoursEnd));
        Assert.Equal(_mondayToSaturday, rules.Days.Order());
        Assert.Equal(3, rules.MaxPer7Days);
        Assert.Empty(rules.Holidays);
        Assert.Equal(("08:00-20:00", "Mon-Sat"), (rules.HoursText, rules.DaysText));
    }

    [Fact]
    public void Read_FullContactRules_TakesEveryField()
    {
        var document = new PolicyJsonBuilder().With("contactRules", new JsonObject
        {
            ["hours"] = "09:00-18:30",
            ["days"] = "Mon,Wed,Fri",
            ["maxPer7Days"] = 5,
            ["holidays"] = new JsonArray("2025-09-18", "2025-09-19"),
        });

        var (policy, errors) = Read(document);

        Assert.Empty(errors);
        var rules = policy?.ContactRules;
        Assert.NotNull(rules);
        Assert.Equal(("09:00-18:30", "Mon,Wed,Fri", 5), (rules.HoursText, rules.DaysText, rules.MaxPer7Days));
        Assert.Equal([new DateOnly(2025, 9, 18), new DateOnly(2025, 9, 19)], rules.Holidays);
    }

    [Fact]
    public void Read_OnlyHoursGiven_OtherFieldsKeepTheirDefaults()
    {
        var (policy, errors) = Read(new PolicyJsonBuilder().With("contactRules", new JsonObject { ["hours"] = "10:00-14:00" }));

        Assert.Empty(errors);
        var rules = policy?.ContactRules;
        Assert.NotNull(rules);
        Assert.Equal(ContactRules.Default with { HoursStart = new TimeOnly(10, 0), HoursEnd = new TimeOnly(14, 0) }, rules);
    }

    [Theory]
    [InlineData("hours", "\"20:00-08:00\"")]
    [InlineData("hours", "\"8-20\"")]
    [InlineData("hours", "800")]
    [InlineData("days", "\"Sat-Mon\"")]
    [InlineData("days", "\"\"")]
    [InlineData("days", "[\"Mon\"]")]
    [InlineData("maxPer7Days", "0")]
    [InlineData("maxPer7Days", "51")]
    [InlineData("maxPer7Days", "2.5")]
    [InlineData("maxPer7Days", "\"3\"")]
    [InlineData("holidays", "\"2025-09-18\"")]
    public void Read_BadContactRulesField_ReportedUnderItsPath(string field, string json)
    {
        var document = new PolicyJsonBuilder().With("contactRules", new JsonObject { [field] = JsonNode.Parse(json) });

        var messages = AssertOnlyError(document, $"contactRules.{field}");

        Assert.NotEmpty(messages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void Read_MaxPer7DaysAtTheLimits_Accepted(int cap)
    {
        var (policy, errors) = Read(new PolicyJsonBuilder().With("contactRules", new JsonObject { ["maxPer7Days"] = cap }));

        Assert.Empty(errors);
        Assert.Equal(cap, policy?.ContactRules?.MaxPer7Days);
    }

    [Fact]
    public void Read_BadSecondHoliday_ReportedUnderItsIndex()
    {
        var document = new PolicyJsonBuilder().With("contactRules", new JsonObject
        {
            ["holidays"] = new JsonArray("2025-09-18", "18/09/2025", "2025-12-25"),
        });

        AssertOnlyError(document, "contactRules.holidays[1]");
    }

    [Fact]
    public void Read_UnknownContactRulesField_ReportedUnderItsPath()
    {
        var document = new PolicyJsonBuilder().With("contactRules", new JsonObject { ["quietHours"] = "22:00-07:00" });

        var messages = AssertOnlyError(document, "contactRules.quietHours");

        Assert.Contains(messages, m => m.Contains("Unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ContactRulesNotAnObject_ReportedUnderContactRules()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("contactRules", "08:00-20:00"), "contactRules");
    }

    [Fact]
    public void Read_SeveralBadContactRulesFields_EachReportedUnderItsOwnPath()
    {
        var document = new PolicyJsonBuilder().With("contactRules", new JsonObject
        {
            ["hours"] = "20:00-08:00",
            ["days"] = "Xyz",
            ["maxPer7Days"] = 0,
            ["holidays"] = new JsonArray("2025-01-01", "mañana"),
        });

        var (policy, errors) = Read(document);

        Assert.Null(policy);
        Assert.Equal(
            ["contactRules.days", "contactRules.holidays[1]", "contactRules.hours", "contactRules.maxPer7Days"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_SmsFoldAccents_TakesTheFlag(bool fold)
    {
        var (policy, errors) = Read(new PolicyJsonBuilder().With("sms", new JsonObject { ["foldAccents"] = fold }));

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal(fold, policy.Sms.FoldAccents);
    }

    [Fact]
    public void Read_SmsOmitted_DoesNotFoldAccents()
    {
        var (policy, errors) = Read(new PolicyJsonBuilder());

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal(SmsOptions.Default, policy.Sms);
        Assert.False(policy.Sms.FoldAccents);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void Read_SmsFoldAccentsNotABoolean_ReportedUnderItsPath(string json)
    {
        var document = new PolicyJsonBuilder().With("sms", new JsonObject { ["foldAccents"] = JsonNode.Parse(json) });

        AssertOnlyError(document, "sms.foldAccents");
    }

    [Fact]
    public void Read_UnknownSmsField_ReportedUnderItsPath()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("sms", new JsonObject { ["sender"] = "COBRANZA" }), "sms.sender");
    }

    [Fact]
    public void Read_SmsNotAnObject_ReportedUnderSms()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("sms", true), "sms");
    }

    [Fact]
    public void Parse_DefaultDocument_HasContactRulesEightToEightMondayToSaturdayCappedAtThree()
    {
        var policy = PolicyDocument.Parse(DunningPolicy.DefaultName, 1, DefaultPolicy.Document);

        var rules = policy.ContactRules;
        Assert.NotNull(rules);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(20, 0)), (rules.HoursStart, rules.HoursEnd));
        Assert.Equal(_mondayToSaturday, rules.Days.Order());
        Assert.Equal(3, rules.MaxPer7Days);
        Assert.Empty(rules.Holidays);
    }

    private static (DunningPolicy? Policy, IDictionary<string, string[]> Errors) Read(PolicyJsonBuilder document)
    {
        var errors = new ValidationErrors();
        var policy = PolicyDocument.Read("cobranza-externa", 3, document.Build(), errors);
        return (policy, errors.ToDictionary());
    }

    /// <summary>Asserts the document is refused with errors under <paramref name="path"/> only; returns its messages.</summary>
    private static string[] AssertOnlyError(PolicyJsonBuilder document, string path)
    {
        var (policy, errors) = Read(document);

        Assert.Null(policy);
        Assert.Equal([path], errors.Keys);
        return errors[path];
    }
}
