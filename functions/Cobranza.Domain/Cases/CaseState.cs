namespace Cobranza.Domain;

/// <summary>Where a case stands. See the transition table in the README.</summary>
public enum CaseState
{
    /// <summary>The ladder runs: the next step (or the handoff) is scheduled.</summary>
    Active,
    /// <summary>The debtor promised to pay by a date; the case is silent until the date plus the policy's grace.</summary>
    Promised,
    /// <summary>Staff paused the chase (a dispute, a conversation); nothing is sent until resumed.</summary>
    Paused,
    /// <summary>Handed to legal or an external agency; still accepts payments and closes when paid.</summary>
    HandedOff,
    /// <summary>Paid, cancelled or written off; accepts only notes (and records any late payment).</summary>
    Closed,
}

/// <summary>Why a case closed.</summary>
public enum ClosedReason
{
    Paid,
    Cancelled,
    WrittenOff,
}
