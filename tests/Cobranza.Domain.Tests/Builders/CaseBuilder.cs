namespace Cobranza.Domain.Tests.Builders;

/// <summary>
/// A case as the decider would have left it: by default an active case for 150 000 CLP, due 2025-03-03, opened
/// 2025-03-05 13:00 UTC in Santiago on the standard policy, with no step fired yet.
/// </summary>
public sealed class CaseBuilder
{
    public const string InvoiceId = "F-2025-0042";
    public const decimal Amount = 150_000m;
    public const string Currency = "CLP";
    public static readonly DateOnly DueOn = new(2025, 3, 3);
    public static readonly DateTimeOffset OpenedAt = At.Utc("2025-03-05T13:00:00Z");

    private DunningPolicy _policy = PolicyBuilder.Standard().Build();
    private Debtor _debtor = new DebtorBuilder().Build();
    private decimal _amount = Amount;
    private decimal? _balance;
    private DateOnly _dueOn = DueOn;
    private DateTimeOffset _openedAt = OpenedAt;
    private int _sentThrough;
    private DateTimeOffset? _lastSentAt;
    private int? _firing;
    private CaseState _state = CaseState.Active;
    private CaseState? _pausedFrom;
    private HandoffTarget? _handedOffTo;
    private ClosedReason? _closedReason;
    private (DateOnly On, decimal? Amount)? _promise;
    private readonly List<CasePayment> _payments = [];

    public CaseBuilder WithPolicy(DunningPolicy policy)
    {
        _policy = policy;
        return this;
    }

    public CaseBuilder WithPolicy(PolicyBuilder policy) => WithPolicy(policy.Build());

    public CaseBuilder WithDebtor(Debtor debtor)
    {
        _debtor = debtor;
        return this;
    }

    public CaseBuilder WithDebtor(DebtorBuilder debtor) => WithDebtor(debtor.Build());

    public CaseBuilder WithAmount(decimal amount)
    {
        _amount = amount;
        return this;
    }

    public CaseBuilder WithBalance(decimal balance)
    {
        _balance = balance;
        return this;
    }

    public CaseBuilder Due(DateOnly dueOn)
    {
        _dueOn = dueOn;
        return this;
    }

    public CaseBuilder Opened(DateTimeOffset openedAt)
    {
        _openedAt = openedAt;
        return this;
    }

    /// <summary>Steps 1..<paramref name="step"/> fired and were all sent, the last one at <paramref name="lastSentAt"/>.</summary>
    public CaseBuilder SentThrough(int step, DateTimeOffset lastSentAt)
    {
        _sentThrough = step;
        _lastSentAt = lastSentAt;
        _firing = null;
        return this;
    }

    /// <summary>Step <paramref name="step"/> fired and its messages are pending; the steps before it were sent.</summary>
    public CaseBuilder Firing(int step)
    {
        _sentThrough = step - 1;
        _firing = step;
        if (_sentThrough > 0 && _lastSentAt is null)
        {
            _lastSentAt = _openedAt.AddDays(1);
        }

        return this;
    }

    /// <summary>A pending promise to pay <paramref name="amount"/> (the balance when null) by <paramref name="promisedOn"/>.</summary>
    public CaseBuilder Promised(DateOnly promisedOn, decimal? amount = null)
    {
        _state = CaseState.Promised;
        _promise = (promisedOn, amount);
        return this;
    }

    /// <summary>Paused from the state built so far (active or promised).</summary>
    public CaseBuilder Paused()
    {
        _pausedFrom = _state;
        _state = CaseState.Paused;
        return this;
    }

    public CaseBuilder HandedOff(HandoffTarget to = HandoffTarget.Legal)
    {
        _state = CaseState.HandedOff;
        _handedOffTo = to;
        return this;
    }

    public CaseBuilder Closed(ClosedReason reason)
    {
        _state = CaseState.Closed;
        _closedReason = reason;
        if (reason == ClosedReason.Paid)
        {
            _balance = 0m;
        }

        return this;
    }

    public CaseBuilder WithPayment(string paymentId, decimal amount, DateTimeOffset paidAt)
    {
        _payments.Add(new CasePayment(paymentId, amount, Currency, paidAt, amount, paidAt));
        return this;
    }

    public DunningCase Build()
    {
        var balance = _balance ?? _amount - _payments.Sum(p => p.Applied);
        var messages = new List<CaseMessage>();
        for (var step = 1; step <= _sentThrough; step++)
        {
            var sentAt = _lastSentAt!.Value.AddDays(step - _sentThrough);
            messages.AddRange(MessagesOf(step, sentAt));
        }

        if (_firing is { } firing)
        {
            messages.AddRange(MessagesOf(firing, null));
        }

        var promise = _promise is { } p
            ? new PaymentPromise(p.On, p.Amount, null, _openedAt, Ladder.PromiseDeadline(p.On, _policy.PromiseGrace, _debtor.Zone),
                p.Amount ?? balance, 0m, PaymentPromise.Pending)
            : null;
        var @case = new DunningCase
        {
            InvoiceId = InvoiceId,
            InvoiceNumber = "0042",
            Debtor = _debtor,
            Amount = _amount,
            Balance = balance,
            Currency = Currency,
            IssuedOn = new DateOnly(2025, 2, 1),
            DueOn = _dueOn,
            PaymentUrl = "https://pagos.example.cl/F-2025-0042",
            Policy = _policy,
            State = _state,
            PausedFrom = _pausedFrom,
            HandedOffTo = _handedOffTo,
            ClosedReason = _closedReason,
            ClosedAt = _closedReason is null ? null : _openedAt.AddDays(30),
            CurrentStep = _firing ?? _sentThrough,
            LastStepSentAt = _lastSentAt,
            Promise = promise,
            OpenedAt = _openedAt,
            UpdatedAt = _openedAt,
            Messages = messages,
            Payments = _payments.ToList(),
        };
        return @case with
        {
            NextActionAt = _state switch
            {
                CaseState.Active => Ladder.NextRung(@case)?.DueAt,
                CaseState.Promised => promise!.DeadlineAt,
                _ => null,
            },
        };
    }

    private IEnumerable<CaseMessage> MessagesOf(int step, DateTimeOffset? sentAt) =>
        _policy.Steps[step - 1].Channels
            .Where(channel => _debtor.AddressFor(channel) is not null)
            .Select(channel => new CaseMessage(
                $"{step}-{Wire.Name(channel)}", step, channel, _debtor.Language, _debtor.AddressFor(channel)!,
                sentAt is null ? CaseMessage.Pending : CaseMessage.Sent,
                sentAt is null ? null : $"Paso {step}",
                sentAt is null ? null : "Su factura está vencida.",
                sentAt));
}
