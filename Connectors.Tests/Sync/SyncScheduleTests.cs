using Connectors.Domain;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;

namespace Connectors.Tests.Sync;

/// <summary>Every outcome path of the scheduling rules at a fixed time.</summary>
public sealed class SyncScheduleTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 45)]
    [InlineData(0.75, 67.5)]
    public void AfterSuccess_NextIsNowPlusCadencePlusAtMostTenPercent(double sample, double jitterSeconds)
    {
        var followUp = SyncSchedule.AfterSuccess(Now, cadenceMinutes: 15, sample);

        followUp.NextSyncAt.ShouldBe(Now.AddMinutes(15).AddSeconds(jitterSeconds));
        followUp.NextSyncAt!.Value.ShouldBeLessThan(Now.AddMinutes(16.5));
        followUp.Status.ShouldBe(InstallationStatus.Active);
        followUp.ConsecutiveFailures.ShouldBe(0);
        followUp.RetryAt.ShouldBeNull();
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 300)]
    [InlineData(3, 900)]
    public void AfterFailure_TransientAttempt_RetriesAtTheExactDelay(int attempt, int seconds)
    {
        var followUp = SyncSchedule.AfterFailure(SyncErrorCategory.Transient, attempt, consecutiveFailuresBefore: attempt - 1, null, Now, 15, 0.5);

        followUp.RetryAt.ShouldBe(Now.AddSeconds(seconds));
        followUp.NextSyncAt.ShouldBe(Now.AddSeconds(seconds));
        followUp.Status.ShouldBe(InstallationStatus.Active);
        followUp.ConsecutiveFailures.ShouldBe(attempt);
    }

    [Fact]
    public void AfterFailure_FourthAttemptFails_StopsRetryingAndWaitsForTheCadence()
    {
        var followUp = SyncSchedule.AfterFailure(SyncErrorCategory.Unexpected, failedAttempt: 4, consecutiveFailuresBefore: 3, null, Now, 15, 0);

        followUp.RetryAt.ShouldBeNull();
        followUp.NextSyncAt.ShouldBe(Now.AddMinutes(15));
        followUp.Status.ShouldBe(InstallationStatus.Active);
    }

    [Theory]
    [InlineData(1, 30, 60)]
    [InlineData(1, 120, 120)]
    [InlineData(3, 3600, 3600)]
    public void AfterFailure_RateLimited_HonoursRetryAfterWhenLonger(int attempt, int retryAfterSeconds, int expectedSeconds)
    {
        var followUp = SyncSchedule.AfterFailure(SyncErrorCategory.RateLimited, attempt, 0, TimeSpan.FromSeconds(retryAfterSeconds), Now, 15, 0);

        followUp.RetryAt.ShouldBe(Now.AddSeconds(expectedSeconds));
    }

    [Fact]
    public void AfterFailure_Auth_NeedsReconnectWithoutRetryOrSchedule()
    {
        var followUp = SyncSchedule.AfterFailure(SyncErrorCategory.Auth, 1, 0, null, Now, 15, 0);

        followUp.ShouldBe(new SyncFollowUp(InstallationStatus.NeedsReconnect, 1, null, null));
    }

    [Fact]
    public void AfterFailure_Configuration_IsNotRetriedButCounts()
    {
        var followUp = SyncSchedule.AfterFailure(SyncErrorCategory.Configuration, 1, 2, null, Now, 60, 0);

        followUp.ShouldBe(new SyncFollowUp(InstallationStatus.Active, 3, Now.AddMinutes(60), null));
    }

    [Theory]
    [InlineData(SyncErrorCategory.Transient)]
    [InlineData(SyncErrorCategory.Configuration)]
    public void AfterFailure_FifthConsecutive_ErrorAndNoFurtherScheduling(SyncErrorCategory category)
    {
        var fourth = SyncSchedule.AfterFailure(category, 1, 3, null, Now, 15, 0);
        var fifth = SyncSchedule.AfterFailure(category, 1, 4, null, Now, 15, 0);

        fourth.Status.ShouldBe(InstallationStatus.Active);
        fifth.ShouldBe(new SyncFollowUp(InstallationStatus.Error, 5, null, null));
    }

    [Fact]
    public void CadenceMinutes_AccountThenConnectorThenDefault()
    {
        var options = new ConnectorsOptions { DefaultCadenceMinutes = 15, PerConnectorCadence = { ["imap"] = 30 } };

        SyncSchedule.CadenceMinutes(5, "imap", options).ShouldBe(5);
        SyncSchedule.CadenceMinutes(null, "imap", options).ShouldBe(30);
        SyncSchedule.CadenceMinutes(null, "notion", options).ShouldBe(15);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void NextByCadence_SampleOutsideZeroToOne_IsRefused(double sample) =>
        Should.Throw<ArgumentOutOfRangeException>(() => SyncSchedule.NextByCadence(Now, 15, sample));
}
