using System.Globalization;
using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Policies;
using Cobranza.Domain.Tests.Support;
using CsCheck;

namespace Cobranza.Domain.Tests.Cases;

/// <summary>
/// Whole ladders run through the decider on random policies, zones and dates: open the case, then at each timer's due
/// time fire it and confirm every message it sent, until the handoff.
/// </summary>
public sealed class LadderSchedulePropertyTests
{
    private const int Iterations = 400;

    private static readonly DateTimeOffset _from = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _to = new(2028, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A ladder to run: the policy, the debtor, when the case opens and how long each step takes to go out.</summary>
    public sealed record Scenario(DunningPolicy Policy, Debtor Debtor, DateTimeOffset OpenedAt, DateOnly DueOn, int[] SendDelayMinutes)
    {
        public override string ToString()
        {
            var rules = Policy.ContactRules is { } r
                ? $"{r.HoursText} {r.DaysText} holidays [{string.Join(",", r.Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}]"
                : "none";
            return $"opened {OpenedAt:O}, due {DueOn:yyyy-MM-dd}, zone {Debtor.TimeZone}, email {Debtor.Email ?? "-"}, phone {Debtor.Phone ?? "-"}, "
                + $"steps [{string.Join(", ", Policy.Steps.Select(s => $"{s.Wait} {string.Join('+', s.Channels)}"))}], handoff {Policy.Handoff.Wait}, "
                + $"contact rules {rules}, send delays [{string.Join(",", SendDelayMinutes)}] min";
        }
    }

    /// <summary>PT1H to P10D, in hours or in calendar days.</summary>
    private static readonly Gen<string> Waits = Gen.Frequency(
        (1, Gen.Int[1, 240].Select(h => $"PT{h}H")),
        (1, Gen.Int[1, 10].Select(d => $"P{d}D")));

    private static readonly Gen<Channel[]> Channels = Gen.OneOf<Channel[]>([Channel.Email], [Channel.Sms], [Channel.Email, Channel.Sms], [Channel.Sms, Channel.Email]);

    private static readonly Gen<(string Wait, Channel[] Channels)> Steps = Gen.Select(Waits, Channels);

    /// <summary>Random hours (start before end), non-empty days and up to 30 holidays within four months of the opening.</summary>
    private static Gen<ContactRules> RulesNear(DateOnly opening) =>
        Gen.Select(
            Gen.Int[0, 23 * 60 + 58].SelectMany(start => Gen.Int[start + 1, 23 * 60 + 59].Select(end => (start, end))),
            Gen.Int[1, 127],
            Gen.Int[-5, 120].List[0, 30],
            (hours, dayMask, holidayOffsets) => new ContactRules(
                TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(hours.start)),
                TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(hours.end)),
                Enum.GetValues<DayOfWeek>().Where(d => (dayMask & (1 << (int)d)) != 0).ToList(),
                ContactRules.DefaultMaxPer7Days,
                holidayOffsets.Select(opening.AddDays).Distinct().ToList()));

    private static Gen<Scenario> Scenarios(bool withContactRules) =>
        from seconds in Gen.Long[_from.UtcTicks / TimeSpan.TicksPerSecond, _to.UtcTicks / TimeSpan.TicksPerSecond]
        from zoneId in Gen.OneOf(ContactWindowPropertyTests.Zones)
        from contact in Gen.Int[0, 2]
        from dueOffset in Gen.Int[-40, 10]
        from steps in Steps.Array[1, 6]
        from handoffWait in Waits
        from delays in Gen.Frequency((1, Gen.Const(0)), (1, Gen.Int[1, 180])).Array[6]
        let openedAt = new DateTimeOffset(seconds * TimeSpan.TicksPerSecond, TimeSpan.Zero)
        let debtor = new DebtorBuilder()
            .InZone(zoneId)
            .WithEmail(contact == 2 ? null : "pagos@deudor.example")
            .WithPhone(contact == 1 ? null : "+56912345678")
            .Build()
        let opening = LocalClock.LocalDate(openedAt, debtor.Zone)
        from rules in withContactRules ? RulesNear(opening).Select(r => (ContactRules?)r) : Gen.Const((ContactRules?)null)
        let policy = Policy(steps, handoffWait, rules)
        select new Scenario(policy, debtor, openedAt, opening.AddDays(dueOffset), delays);

    [Fact]
    public void Ladder_WithContactRules_EveryStepTimerFallsInContactHours()
    {
        Scenarios(withContactRules: true).Sample(s =>
        {
            var zone = s.Debtor.Zone;
            foreach (var step in Run(s).Where(r => r.Tag != Ladder.HandoffTag))
            {
                Assert.True(ContactWindow.IsAllowed(step.DueAt, s.Policy.ContactRules!, zone), $"{step.Tag} due {step.DueAt:O} is outside the contact rules");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Ladder_WithContactRules_AllStepsFireInOrderThenExactlyOneHandoff()
    {
        Scenarios(withContactRules: true).Sample(s => AssertAllStepsThenHandoff(s, Run(s)), iter: Iterations);
    }

    [Fact]
    public void Ladder_WithContactRules_EachTimerNoEarlierThanItsWaitAfterThePreviousSending()
    {
        Scenarios(withContactRules: true).Sample(s =>
        {
            foreach (var rung in Run(s))
            {
                Assert.True(rung.DueAt >= rung.WaitEndsAt, $"{rung.Tag} due {rung.DueAt:O} before its wait ended at {rung.WaitEndsAt:O}");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Ladder_WithContactRules_EachStepTimerAtTheFirstAllowedMomentAfterItsWait()
    {
        // Not only allowed and late enough: no later than needed.
        Scenarios(withContactRules: true).Sample(s =>
        {
            var zone = s.Debtor.Zone;
            foreach (var rung in Run(s))
            {
                var earliest = rung.WaitEndsAt > rung.DecidedAt ? rung.WaitEndsAt : rung.DecidedAt;
                var expected = rung.Tag == Ladder.HandoffTag ? earliest : ContactWindow.NextAllowed(earliest, s.Policy.ContactRules!, zone);
                Assert.Equal(expected, rung.DueAt);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Ladder_WithoutContactRules_EveryTimerExactlyWhenItsWaitEnds()
    {
        Scenarios(withContactRules: false).Sample(s =>
        {
            var rungs = Run(s);
            AssertAllStepsThenHandoff(s, rungs);
            foreach (var rung in rungs)
            {
                Assert.Equal(rung.WaitEndsAt, rung.DueAt);
            }
        }, iter: Iterations);
    }

    /// <summary>A timer the decider set: its tag and due time, when its wait ended and when it was decided.</summary>
    private sealed record Rung(string Tag, DateTimeOffset DueAt, DateTimeOffset WaitEndsAt, DateTimeOffset DecidedAt, IReadOnlyList<CaseEvent> FireHistory);

    /// <summary>Runs the ladder to its end: opens the case, fires each timer when due and confirms each message it sends.</summary>
    private static List<Rung> Run(Scenario s)
    {
        var zone = s.Debtor.Zone;
        var policy = s.Policy;
        var opened = CaseDecider.Decide(null, new OpenCaseBuilder().WithDebtor(s.Debtor).DueOn(s.DueOn).WithPolicy(policy).Build(), s.OpenedAt);
        Assert.Equal(ReplyKind.Created, opened.Reply);
        var @case = opened.State!;
        var timer = opened.Timer;
        var decidedAt = s.OpenedAt;
        var dueStart = LocalClock.StartOfDay(s.DueOn, zone);
        var anchor = dueStart > s.OpenedAt ? dueStart : s.OpenedAt; // the previous sending (for step 1: due date or opening)
        var rungs = new List<Rung>();

        for (var guard = 0; guard <= policy.Steps.Count + 1; guard++)
        {
            if (timer is not CaseTimer.SetTimer set)
            {
                break;
            }

            var next = rungs.Count(r => r.Tag != Ladder.HandoffTag);
            var wait = set.Tag == Ladder.HandoffTag || next >= policy.Steps.Count ? policy.Handoff.Wait : policy.Steps[next].Wait;
            var now = set.DueAt;
            var fire = CaseDecider.Decide(@case, new FireTimer(set.Tag, set.DueAt), now);
            rungs.Add(new Rung(set.Tag, set.DueAt, wait.AddTo(anchor, zone), decidedAt, fire.History));
            @case = fire.AssertChanged();
            timer = fire.Timer;
            if (set.Tag == Ladder.HandoffTag)
            {
                continue;
            }

            var sentAt = now.AddMinutes(s.SendDelayMinutes[next]);
            foreach (var send in fire.Sends())
            {
                var confirm = CaseDecider.Decide(@case, new ConfirmMessage(send.MessageId, "Asunto", "Texto", sentAt), sentAt);
                @case = confirm.AssertChanged();
                timer = confirm.Timer is CaseTimer.KeepTimer ? timer : confirm.Timer;
            }

            anchor = sentAt;
            decidedAt = sentAt;
        }

        Assert.Equal(CaseState.HandedOff, @case.State);
        Assert.Equal(CaseTimer.Clear, timer);
        return rungs;
    }

    private static void AssertAllStepsThenHandoff(Scenario s, List<Rung> rungs)
    {
        var expected = Enumerable.Range(1, s.Policy.Steps.Count).Select(Ladder.StepTag).Append(Ladder.HandoffTag);
        Assert.Equal(expected, rungs.Select(r => r.Tag));
        var fired = rungs.SelectMany(r => r.FireHistory).Where(e => e.Type == "stepFired").Select(e => (int)e.Details["step"]!);
        Assert.Equal(Enumerable.Range(1, s.Policy.Steps.Count), fired);
        Assert.Single(rungs.SelectMany(r => r.FireHistory), e => e.Type == "handedOff");
    }

    private static DunningPolicy Policy((string Wait, Channel[] Channels)[] steps, string handoffWait, ContactRules? rules)
    {
        var policy = PolicyBuilder.Empty().HandingOffTo(HandoffTarget.Legal, handoffWait);
        var tones = Enum.GetValues<Tone>();
        for (var i = 0; i < steps.Length; i++)
        {
            policy.WithStep(steps[i].Wait, $"paso-{i + 1}", tones[Math.Min(i, tones.Length - 1)], steps[i].Channels);
        }

        return (rules is null ? policy : policy.WithContactRules(rules)).Build();
    }
}
