namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// Messages sent after a payment. <see cref="AfterRecorded"/> counts messages sent after the time written with the
/// payment (the row's PaidAt, the case history's paymentReceived); <see cref="AfterAcknowledged"/> only those sent
/// after the payment's writer had its answer, which no design can still be racing. <see cref="LongestAfterRecorded"/>: the longest time from a
/// payment's record to a message sent after it.
/// </summary>
public sealed record PaymentRaceResult(int Cases, int Payments, int MessagesInWindow, int AfterRecorded, int AfterAcknowledged, TimeSpan Window, TimeSpan LongestAfterRecorded);
