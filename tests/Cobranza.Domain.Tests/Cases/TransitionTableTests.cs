using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

/// <summary>Every (state × staff command) pair: allowed ones lead to the given state, the others are refused as InvalidState.</summary>
public sealed class TransitionTableTests
{
    private static readonly DateTimeOffset _now = At.Utc("2025-03-10T15:00:00Z");

    public enum StaffCommand
    {
        RecordPromise,
        EscalateNext,
        EscalateLegal,
        EscalateAgency,
        Pause,
        Resume,
        Cancel,
        WriteOff,
        AddNote,
    }

    public static TheoryData<CaseState, StaffCommand, CaseState> Allowed() => new()
    {
        { CaseState.Active, StaffCommand.RecordPromise, CaseState.Promised },
        { CaseState.Active, StaffCommand.EscalateNext, CaseState.Active },
        { CaseState.Active, StaffCommand.EscalateLegal, CaseState.HandedOff },
        { CaseState.Active, StaffCommand.EscalateAgency, CaseState.HandedOff },
        { CaseState.Active, StaffCommand.Pause, CaseState.Paused },
        { CaseState.Active, StaffCommand.Cancel, CaseState.Closed },
        { CaseState.Active, StaffCommand.WriteOff, CaseState.Closed },
        { CaseState.Active, StaffCommand.AddNote, CaseState.Active },

        { CaseState.Promised, StaffCommand.RecordPromise, CaseState.Promised },
        { CaseState.Promised, StaffCommand.EscalateNext, CaseState.Active },
        { CaseState.Promised, StaffCommand.EscalateLegal, CaseState.HandedOff },
        { CaseState.Promised, StaffCommand.EscalateAgency, CaseState.HandedOff },
        { CaseState.Promised, StaffCommand.Pause, CaseState.Paused },
        { CaseState.Promised, StaffCommand.Cancel, CaseState.Closed },
        { CaseState.Promised, StaffCommand.WriteOff, CaseState.Closed },
        { CaseState.Promised, StaffCommand.AddNote, CaseState.Promised },

        { CaseState.Paused, StaffCommand.EscalateNext, CaseState.Active },
        { CaseState.Paused, StaffCommand.EscalateLegal, CaseState.HandedOff },
        { CaseState.Paused, StaffCommand.EscalateAgency, CaseState.HandedOff },
        { CaseState.Paused, StaffCommand.Resume, CaseState.Active },
        { CaseState.Paused, StaffCommand.Cancel, CaseState.Closed },
        { CaseState.Paused, StaffCommand.WriteOff, CaseState.Closed },
        { CaseState.Paused, StaffCommand.AddNote, CaseState.Paused },

        { CaseState.HandedOff, StaffCommand.Cancel, CaseState.Closed },
        { CaseState.HandedOff, StaffCommand.WriteOff, CaseState.Closed },
        { CaseState.HandedOff, StaffCommand.AddNote, CaseState.HandedOff },

        { CaseState.Closed, StaffCommand.AddNote, CaseState.Closed },
    };

    public static TheoryData<CaseState, StaffCommand> Refused() => new()
    {
        { CaseState.Active, StaffCommand.Resume },

        { CaseState.Promised, StaffCommand.Resume },

        { CaseState.Paused, StaffCommand.RecordPromise },
        { CaseState.Paused, StaffCommand.Pause },

        { CaseState.HandedOff, StaffCommand.RecordPromise },
        { CaseState.HandedOff, StaffCommand.EscalateNext },
        { CaseState.HandedOff, StaffCommand.EscalateLegal },
        { CaseState.HandedOff, StaffCommand.EscalateAgency },
        { CaseState.HandedOff, StaffCommand.Pause },
        { CaseState.HandedOff, StaffCommand.Resume },

        { CaseState.Closed, StaffCommand.RecordPromise },
        { CaseState.Closed, StaffCommand.EscalateNext },
        { CaseState.Closed, StaffCommand.EscalateLegal },
        { CaseState.Closed, StaffCommand.EscalateAgency },
        { CaseState.Closed, StaffCommand.Pause },
        { CaseState.Closed, StaffCommand.Resume },
        { CaseState.Closed, StaffCommand.Cancel },
        { CaseState.Closed, StaffCommand.WriteOff },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Decide_AllowedStaffCommand_LeadsToExpectedState(CaseState from, StaffCommand command, CaseState expected)
    {
        var outcome = CaseDecider.Decide(CaseIn(from), Command(command), _now);

        Assert.Equal(expected, outcome.AssertChanged().State);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Decide_RefusedStaffCommand_RejectedInvalidStateNamingTheState(CaseState from, StaffCommand command)
    {
        var outcome = CaseDecider.Decide(CaseIn(from), Command(command), _now);

        var rejection = outcome.AssertRejected(RejectionKind.InvalidState);
        var stateInMessage = from == CaseState.HandedOff ? "handed off" : Wire.Name(from);
        Assert.Contains(stateInMessage, rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_AllowedAndRefused_CoverEveryStateAndCommandExactlyOnce()
    {
        var allowed = Allowed().Select(row => ((CaseState)row[0], (StaffCommand)row[1]));
        var refused = Refused().Select(row => ((CaseState)row[0], (StaffCommand)row[1]));
        var every = Enum.GetValues<CaseState>().SelectMany(s => Enum.GetValues<StaffCommand>().Select(c => (s, c)));

        Assert.Equal(every.Order(), allowed.Concat(refused).Order());
    }

    /// <summary>A case in <paramref name="state"/> after step 1 of 4 was sent, so "next" still has steps to fire.</summary>
    private static DunningCase CaseIn(CaseState state)
    {
        var builder = new CaseBuilder().SentThrough(1, At.Utc("2025-03-06T13:05:00Z"));
        return state switch
        {
            CaseState.Active => builder.Build(),
            CaseState.Promised => builder.Promised(new DateOnly(2025, 3, 14)).Build(),
            CaseState.Paused => builder.Paused().Build(),
            CaseState.HandedOff => builder.HandedOff(HandoffTarget.Agency).Build(),
            CaseState.Closed => builder.Closed(ClosedReason.WrittenOff).Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
    }

    private static CaseCommand Command(StaffCommand command) => command switch
    {
        StaffCommand.RecordPromise => new RecordPromise(new DateOnly(2025, 3, 20), null, "Transferencia"),
        StaffCommand.EscalateNext => new Escalate(EscalationTarget.Next, null),
        StaffCommand.EscalateLegal => new Escalate(EscalationTarget.Legal, null),
        StaffCommand.EscalateAgency => new Escalate(EscalationTarget.Agency, null),
        StaffCommand.Pause => new Pause("Disputa"),
        StaffCommand.Resume => new Resume(),
        StaffCommand.Cancel => new Cancel("Anulada"),
        StaffCommand.WriteOff => new WriteOff("Incobrable"),
        StaffCommand.AddNote => new AddNote("Llamada"),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
