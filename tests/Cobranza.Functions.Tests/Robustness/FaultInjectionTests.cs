using Cobranza.Durable;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.Robustness;

// The app kills itself (SIGKILL) the n-th time it reaches a fault point, and a fresh process takes over; see
// CrashRestartScenario for what is checked. The points are split over a few classes only because xunit runs classes,
// not the rows of one theory, in parallel: each class has its own Azurite and every run its own hub.

/// <summary>Crashes while a webhook (<c>POST /api/cases</c>) is being applied: the ERP sees a dropped connection and sends it again.</summary>
public sealed class CrashInWebhookRequestTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(DurableFaultPoint.AfterDecide, 1)]           // the first case decided, nothing written
    [InlineData(DurableFaultPoint.AfterOutboundPrewrite, 2)] // the second case's first timer on a queue, the case not stored
    [InlineData(DurableFaultPoint.AfterCommit, 3)]           // the third case stored, its 202 never answered
    public Task Crash_WhileOpeningCase_RepeatedRequestOpensItOnceAndEveryCaseEndsWithEachMessageOnce(DurableFaultPoint point, int afterHits) =>
        new CrashRestartScenario(azurite.ConnectionString, output).RunAsync(point, afterHits);
}

/// <summary>Crashes while a fired step timer or an effect's completion is decided and committed, mid-ladder.</summary>
public sealed class CrashWhileCommittingTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(DurableFaultPoint.AfterDecide, 8)]
    [InlineData(DurableFaultPoint.AfterOutboundPrewrite, 7)]
    [InlineData(DurableFaultPoint.AfterCommit, 7)]
    public Task Crash_MidLadderAroundCommit_NoCaseLostAndEachMessageSentOnce(DurableFaultPoint point, int afterHits) =>
        new CrashRestartScenario(azurite.ConnectionString, output).RunAsync(point, afterHits);
}

/// <summary>Crashes around the sending of a message: before it, after the channel took it, after the executor returned.</summary>
public sealed class CrashAroundSendingTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(DurableFaultPoint.BeforeEffect, 2)]
    [InlineData(DurableFaultPoint.AfterExternalAccept, 2)]
    [InlineData(DurableFaultPoint.AfterEffect, 2)]
    public Task Crash_AroundSendingMessage_EachMessageSentExactlyOnceAndNoneAfterPayment(DurableFaultPoint point, int afterHits) =>
        new CrashRestartScenario(azurite.ConnectionString, output).RunAsync(point, afterHits);
}

/// <summary>Crashes after work was done but before its queue message or timer row was removed, so it comes back.</summary>
public sealed class CrashBeforeCleanupTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(DurableFaultPoint.BeforeAck, 3)]
    [InlineData(DurableFaultPoint.AfterTimerSwept, 1)]
    public Task Crash_BeforeMessageOrTimerRowRemoved_RepeatedWorkChangesNothing(DurableFaultPoint point, int afterHits) =>
        new CrashRestartScenario(azurite.ConnectionString, output).RunAsync(point, afterHits);
}
