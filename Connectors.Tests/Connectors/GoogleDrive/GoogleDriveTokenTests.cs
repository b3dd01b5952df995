using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>The Drive account's tokens in use: concurrent syncs share one refresh, and a revoked grant
/// stops syncing until the account is reconnected.</summary>
public sealed class GoogleDriveTokenTests : IAsyncLifetime
{
    private DriveTestBed _drive = null!;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task SyncIncremental_TenConcurrentSyncsWithATokenAboutToExpire_RefreshOnce()
    {
        var fake = _drive.Drive;
        var policy = fake.AddDoc("Policy", "Version 1");
        var account = await _drive.ConnectAsync();
        await _drive.RunAsync(account); // The first sync leaves a changes cursor behind.
        // Reconnecting while Google hands out two-minute tokens leaves one inside the refresh buffer.
        _drive.Server.OAuth.AccessTokenLifetimeSeconds = 120;
        (await _drive.ConnectAsync()).ShouldBe(account);
        _drive.Server.OAuth.AccessTokenLifetimeSeconds = 3600;
        var expiresIn = (await _drive.VaultAsync(account))!.AccessTokenExpiresAt!.Value - _drive.Bed.Clock.GetUtcNow().UtcDateTime;
        expiresIn.ShouldBeLessThan(AccessTokenSource.RefreshBuffer);
        fake.Update(policy, "Version 2");
        var listRequests = fake.ListRequests;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _drive.SyncIncrementalAsync(account))));

        _drive.Server.OAuth.RefreshCount(FakeGoogleDriveApi.Provider).ShouldBe(1);
        // A sync that starts after another has already saved the new cursor rightly finds nothing new.
        results.ShouldAllBe(r => r.Seen <= 1 && r.Failed == 0);
        results.ShouldContain(r => r.Seen == 1);
        fake.ListRequests.ShouldBe(listRequests);
        (await _drive.DocumentsAsync()).ShouldHaveSingleItem().Content.ShouldBe("Version 2");
        (await _drive.VaultAsync(account))!.AccessTokenExpiresAt.ShouldBe(_drive.Bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(3600));
    }

    [Fact]
    public async Task Sync_AfterTheUserRevokesAccess_FailsWithAuthNeedsReconnectAndQueuesNoRetry()
    {
        _drive.Drive.AddDoc("Policy", "Version 1");
        var account = await _drive.ConnectAsync();
        _drive.Server.OAuth.RevokeAll();

        var run = await _drive.RunAsync(account);

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Auth));
        (await _drive.AccountAsync(account)).Status.ShouldBe(InstallationStatus.NeedsReconnect);
        (await _drive.RunsAsync(account)).ShouldNotContain(r => r.Status == SyncRunStatus.Queued);
        (await _drive.DocumentsAsync()).ShouldBeEmpty();
    }
}
