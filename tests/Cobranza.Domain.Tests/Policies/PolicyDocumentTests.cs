using System.Text.Json;
using System.Text.Json.Nodes;
using Cobranza.Domain.Tests.Builders;

namespace Cobranza.Domain.Tests.Policies;

public sealed class PolicyDocumentTests
{
    [Fact]
    public void Parse_DefaultDocument_HasFourStepsFromFriendlyToFinal()
    {
        var policy = PolicyDocument.Parse(DunningPolicy.DefaultName, 1, DefaultPolicy.Document);

        Assert.Equal([Tone.Friendly, Tone.Firm, Tone.Formal, Tone.Final], policy.Steps.Select(s => s.Tone));
        Assert.Equal(["recordatorio-amable", "recordatorio-firme", "aviso-formal", "ultimo-aviso"], policy.Steps.Select(s => s.Template));
        Assert.Equal(["P1D", "P7D", "P7D", "P7D"], policy.Steps.Select(s => s.Wait.ToString()));
        Assert.Equal([Channel.Email], policy.Steps[0].Channels);
        Assert.All(policy.Steps.Skip(1), step => Assert.Equal([Channel.Email, Channel.Sms], step.Channels));
    }

    [Fact]
    public void Parse_DefaultDocument_HandsOffToLegalAfterFourteenDaysWithTwoDaysGrace()
    {
        var policy = PolicyDocument.Parse(DunningPolicy.DefaultName, 1, DefaultPolicy.Document);

        Assert.Equal(HandoffTarget.Legal, policy.Handoff.To);
        Assert.Equal(IsoDuration.Parse("P14D"), policy.Handoff.Wait);
        Assert.Equal(IsoDuration.Parse("P2D"), policy.PromiseGrace);
    }

    [Fact]
    public void Parse_DefaultDocument_MatchesTheStandardTestPolicy()
    {
        // The tests' PolicyBuilder.Standard() stands for the shipped default; it must not drift from it.
        var policy = PolicyDocument.Parse(DunningPolicy.DefaultName, 1, DefaultPolicy.Document);
        var standard = PolicyBuilder.Standard().Build();

        Assert.Equal(standard.Steps.Count, policy.Steps.Count);
        for (var i = 0; i < standard.Steps.Count; i++)
        {
            Assert.Equal(standard.Steps[i].Wait, policy.Steps[i].Wait);
            Assert.Equal(standard.Steps[i].Channels, policy.Steps[i].Channels);
            Assert.Equal(standard.Steps[i].Template, policy.Steps[i].Template);
            Assert.Equal(standard.Steps[i].Tone, policy.Steps[i].Tone);
        }

        Assert.Equal(standard.Handoff, policy.Handoff);
        Assert.Equal(standard.PromiseGrace, policy.PromiseGrace);
    }

    [Fact]
    public void Read_ValidDocument_ReturnsPolicyWithNameVersionAndNoErrors()
    {
        var (policy, errors) = Read(new PolicyJsonBuilder());

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal("cobranza-externa", policy.Name);
        Assert.Equal(3, policy.Version);
        Assert.Equal(2, policy.Steps.Count);
        Assert.Equal(new PolicyHandoff(HandoffTarget.Agency, IsoDuration.Parse("P14D")), policy.Handoff);
        Assert.Equal(IsoDuration.Parse("P3D"), policy.PromiseGrace);
    }

    [Fact]
    public void Read_NameAndVersionInDocument_AreAcceptedAndIgnored()
    {
        // A GET of a policy returns name and version; PUTting it back must not fail on them.
        var (policy, errors) = Read(new PolicyJsonBuilder().With("name", "otra").With("version", 9));

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal("cobranza-externa", policy.Name);
        Assert.Equal(3, policy.Version);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_NoPromiseGrace_UsesTwoDays(bool asNull)
    {
        var document = asNull ? new PolicyJsonBuilder().With("promiseGrace", null) : new PolicyJsonBuilder().Without("promiseGrace");

        var (policy, errors) = Read(document);

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal(DunningPolicy.DefaultPromiseGrace, policy.PromiseGrace);
    }

    [Fact]
    public void Read_NotAnObject_ReportsRoot()
    {
        using var document = JsonDocument.Parse("[]");
        var errors = new ValidationErrors();

        var policy = PolicyDocument.Read("p", 1, document.RootElement, errors);

        Assert.Null(policy);
        Assert.Equal(["$"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Read_MissingSteps_ReportsSteps()
    {
        AssertOnlyError(new PolicyJsonBuilder().Without("steps"), "steps");
    }

    [Fact]
    public void Read_StepsNotAnArray_ReportsSteps()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps", "P1D"), "steps");
    }

    [Fact]
    public void Read_EmptySteps_ReportsStepsWithCount()
    {
        var messages = AssertOnlyError(new PolicyJsonBuilder().With("steps", new JsonArray()), "steps");

        Assert.Contains("this one has 0", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwentyOneSteps_ReportsStepsWithCount()
    {
        var steps = new JsonArray();
        for (var i = 0; i < PolicyDocument.MaxSteps + 1; i++)
        {
            steps.Add(new JsonObject { ["wait"] = "P1D", ["channels"] = new JsonArray("email"), ["template"] = "paso", ["tone"] = "firm" });
        }

        var messages = AssertOnlyError(new PolicyJsonBuilder().With("steps", steps), "steps");

        Assert.Contains("this one has 21", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StepNotAnObject_ReportsThatStep()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[1]", "P7D"), "steps[1]");
    }

    [Theory]
    [InlineData("7 days")]
    [InlineData("P")]
    [InlineData("P-1D")]
    [InlineData("")]
    public void Read_BadStepWait_ReportsStepWait(string wait)
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[1].wait", wait), "steps[1].wait");
    }

    [Fact]
    public void Read_StepWaitAsNumber_ReportsStepWait()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[0].wait", 7), "steps[0].wait");
    }

    [Fact]
    public void Read_MissingStepWait_ReportsStepWait()
    {
        AssertOnlyError(new PolicyJsonBuilder().Without("steps[0].wait"), "steps[0].wait");
    }

    [Fact]
    public void Read_UnknownChannel_ReportsStepChannelsNamingIt()
    {
        var messages = AssertOnlyError(new PolicyJsonBuilder().With("steps[1].channels", new JsonArray("email", "whatsapp")), "steps[1].channels");

        Assert.Contains("\"whatsapp\"", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ChannelInCapitals_ReportsStepChannels()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[0].channels", new JsonArray("Email")), "steps[0].channels");
    }

    [Fact]
    public void Read_DuplicateChannel_ReportsStepChannelsAsListedTwice()
    {
        var messages = AssertOnlyError(new PolicyJsonBuilder().With("steps[1].channels", new JsonArray("sms", "email", "sms")), "steps[1].channels");

        Assert.Contains("listed twice", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyChannels_ReportsStepChannels()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[0].channels", new JsonArray()), "steps[0].channels");
    }

    [Theory]
    [InlineData("harsh")]
    [InlineData("Friendly")]
    [InlineData("")]
    public void Read_BadTone_ReportsStepTone(string tone)
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[0].tone", tone), "steps[0].tone");
    }

    [Fact]
    public void Read_MissingTone_ReportsStepTone()
    {
        AssertOnlyError(new PolicyJsonBuilder().Without("steps[1].tone"), "steps[1].tone");
    }

    [Theory]
    [InlineData("Recordatorio")]
    [InlineData("aviso formal")]
    [InlineData("-aviso")]
    [InlineData("aviso/formal")]
    [InlineData("")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    public void Read_BadTemplateName_ReportsStepTemplate(string template)
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[1].template", template), "steps[1].template");
    }

    [Theory]
    [InlineData("aviso.formal_v2-es")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Read_GoodTemplateName_IsAccepted(string template)
    {
        var (policy, errors) = Read(new PolicyJsonBuilder().With("steps[1].template", template));

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal(template, policy.Steps[1].Template);
    }

    [Fact]
    public void Read_UnknownStepField_ReportsItUnderTheStep()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("steps[0].subject", "Hola"), "steps[0].subject");
    }

    [Fact]
    public void Read_MissingHandoff_ReportsHandoff()
    {
        AssertOnlyError(new PolicyJsonBuilder().Without("handoff"), "handoff");
    }

    [Theory]
    [InlineData("court")]
    [InlineData("Legal")]
    public void Read_BadHandoffTarget_ReportsHandoffTo(string to)
    {
        AssertOnlyError(new PolicyJsonBuilder().With("handoff.to", to), "handoff.to");
    }

    [Fact]
    public void Read_MissingHandoffWait_ReportsHandoffWait()
    {
        AssertOnlyError(new PolicyJsonBuilder().Without("handoff.wait"), "handoff.wait");
    }

    [Fact]
    public void Read_BadHandoffWait_ReportsHandoffWait()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("handoff.wait", "two weeks"), "handoff.wait");
    }

    [Fact]
    public void Read_UnknownHandoffField_ReportsItUnderHandoff()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("handoff.notify", "legal@example.cl"), "handoff.notify");
    }

    [Theory]
    [InlineData("2 days")]
    [InlineData("PT")]
    public void Read_BadPromiseGrace_ReportsPromiseGrace(string grace)
    {
        AssertOnlyError(new PolicyJsonBuilder().With("promiseGrace", grace), "promiseGrace");
    }

    [Fact]
    public void Read_UnknownTopLevelField_ReportsIt()
    {
        AssertOnlyError(new PolicyJsonBuilder().With("retries", 3), "retries");
    }

    [Fact]
    public void Read_SeveralBadFields_ReportsEveryOneUnderItsPath()
    {
        var document = new PolicyJsonBuilder()
            .With("steps[0].wait", "soon")
            .With("steps[1].channels", new JsonArray("fax"))
            .With("steps[1].tone", "angry")
            .With("handoff.to", "court")
            .With("promiseGrace", "P")
            .With("retries", 3);

        var (policy, errors) = Read(document);

        Assert.Null(policy);
        Assert.Equal(
            ["handoff.to", "promiseGrace", "retries", "steps[0].wait", "steps[1].channels", "steps[1].tone"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_InvalidDocument_ThrowsFormatExceptionNamingPolicyAndPath()
    {
        var json = new PolicyJsonBuilder().With("steps[0].tone", "harsh").ToJson();

        var exception = Assert.Throws<FormatException>(() => PolicyDocument.Parse("mala", 1, json));

        Assert.Contains("'mala'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("steps[0].tone", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("pyme_2025-v2", true)]
    [InlineData("Default", false)]
    [InlineData("-default", false)]
    [InlineData("con.punto", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidName_Name_TellsWhetherItCanNameAPolicy(string? name, bool valid)
    {
        Assert.Equal(valid, PolicyDocument.IsValidName(name));
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
