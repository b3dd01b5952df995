using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>Syncing a Drive into documents against the fake API: every list page, Docs editors files
/// exported as text, binaries and oversized files skipped, the changes feed for incremental syncs, and a
/// rate limit that keeps the cursor and retries at Drive's delay.</summary>
public sealed class GoogleDriveSyncTests : IAsyncLifetime
{
    private DriveTestBed _drive = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _drive.Bed.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task FirstSync_FilesAcrossSeveralPages_IngestsTextIntoTheBoundProjectAndSkipsBinariesAndOversizedFiles()
    {
        var fake = _drive.Drive;
        var handbook = fake.AddDoc("Handbook", "Welcome to Acme.\nHolidays: 25 days.");
        fake.AddSheet("Salaries", "name,salary\nAda,100\n");
        fake.AddSlides("Onboarding", "Slide 1: Hello");
        fake.AddTextFile("notes.txt", "Call the printer vendor.");
        fake.AddTextFile("README.md", "# Readme", "text/markdown");
        fake.AddTextFile("config.json", "{\"retries\": 3}", "application/json");
        fake.AddBinary("logo.png", [0x89, 0x50, 0x4E, 0x47]);
        fake.AddTextFile("huge.log", new string('x', DriveTestBed.MaxFileBytes + 1));
        fake.AddDoc("Long doc", new string('y', DriveTestBed.MaxFileBytes + 1));
        var startPageToken = fake.StartPageToken;
        var account = await _drive.ConnectAsync(projectKey: "acme-hr");

        var run = await _drive.RunAsync(account);

        (run.Kind, run.Status).ShouldBe((SyncKind.Full, SyncRunStatus.PartiallySucceeded));
        (run.Seen, run.Added, run.Failed).ShouldBe((9, 6, 0));
        run.ErrorMessage.ShouldBe("Skipped 2 files larger than 4 KiB (Connectors:GoogleDrive:MaxFileBytes): 'huge.log', 'Long doc'.");
        fake.ListRequests.ShouldBe(5);
        var documents = await _drive.DocumentsAsync();
        documents.Select(d => d.Title).ShouldBe(["config.json", "Handbook", "notes.txt", "Onboarding", "README.md", "Salaries"], ignoreOrder: true);
        documents.ShouldAllBe(d => d.ProjectKey == "acme-hr" && d.ConnectorKey == "google-drive" && d.InstallationId == account);
        var doc = documents.Single(d => d.ExternalId == handbook);
        (doc.Content, doc.MimeType, doc.Author).ShouldBe(("Welcome to Acme.\nHolidays: 25 days.", "text/plain", "ada@example.test"));
        doc.SourceUrl.ShouldBe($"https://docs.google.com/document/d/{handbook}/edit?usp=drivesdk");
        doc.SourceCreatedAt.ShouldBe(new DateTime(2026, 10, 1, 8, 1, 0, DateTimeKind.Utc));
        doc.SourceUpdatedAt.ShouldBe(doc.SourceCreatedAt);
        var sheet = documents.Single(d => d.Title == "Salaries");
        (sheet.Content, sheet.MimeType).ShouldBe(("name,salary\nAda,100\n", "text/csv"));
        documents.Single(d => d.Title == "config.json").Content.ShouldBe("{\"retries\": 3}");
        (await _drive.CursorAsync(account)).ShouldBe(startPageToken);
        (await _drive.AccountAsync(account)).Status.ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task IncrementalSync_AfterEditAddTrashAndDelete_IngestsOnlyTheChanges()
    {
        var fake = _drive.Drive;
        var edited = fake.AddDoc("Policy", "Version 1");
        var untouched = fake.AddTextFile("keep.txt", "Unchanged");
        var trashed = fake.AddTextFile("old.txt", "Obsolete");
        var deleted = fake.AddTextFile("draft.json", "{}", "application/json");
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(4);
        var listRequests = fake.ListRequests;

        fake.Update(edited, "Version 2");
        fake.AddTextFile("new.txt", "Fresh");
        fake.Trash(trashed);
        fake.Delete(deleted);
        var run = await _drive.RunAsync(account);

        (run.Kind, run.Status).ShouldBe((SyncKind.Incremental, SyncRunStatus.Succeeded));
        (run.Added, run.Updated, run.Removed, run.Failed).ShouldBe((1, 1, 2, 0));
        fake.ListRequests.ShouldBe(listRequests);
        _drive.Server.CountRequests("/drive/v3/changes?").ShouldBe(2); // Four changes, two to a page.
        _drive.Server.Requests.Count(r => r.Contains(untouched, StringComparison.Ordinal)).ShouldBe(1);
        var documents = await _drive.DocumentsAsync();
        documents.Select(d => d.Title).ShouldBe(["keep.txt", "new.txt", "Policy"], ignoreOrder: true);
        documents.Single(d => d.ExternalId == edited).Content.ShouldBe("Version 2");
        (await _drive.CursorAsync(account)).ShouldBe(fake.StartPageToken);
    }

    [Fact]
    public async Task IncrementalSync_RateLimitedOnTheChangesFeed_FailsRateLimitedKeepsTheCursorAndTheRetryIngests()
    {
        var fake = _drive.Drive;
        var edited = fake.AddDoc("Policy", "Version 1");
        var account = await _drive.ConnectAsync();
        await _drive.RunAsync(account);
        var cursor = await _drive.CursorAsync(account);
        fake.Update(edited, "Version 2");
        fake.AddTextFile("new.txt", "Fresh");
        _drive.Server.FailNext("/drive/v3/changes", 429, TimeSpan.FromSeconds(120));

        var failed = await _drive.RunAsync(account);

        (failed.Status, failed.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.RateLimited));
        var retry = (await _drive.RunsAsync(account)).Single(r => r.Status == SyncRunStatus.Queued);
        (retry.Trigger, retry.NotBefore).ShouldBe((SyncTrigger.Retry, Now.AddSeconds(120)));
        (await _drive.CursorAsync(account)).ShouldBe(cursor);
        (await _drive.DocumentsAsync()).ShouldHaveSingleItem().Content.ShouldBe("Version 1");

        _drive.Bed.Clock.Advance(TimeSpan.FromSeconds(120));
        var retried = await RunDueRetryAsync();

        (retried.Trigger, retried.Status).ShouldBe((SyncTrigger.Retry, SyncRunStatus.Succeeded));
        (retried.Added, retried.Updated).ShouldBe((1, 1));
        (await _drive.DocumentsAsync()).Single(d => d.ExternalId == edited).Content.ShouldBe("Version 2");
        (await _drive.CursorAsync(account)).ShouldBe(fake.StartPageToken);
    }

    [Fact]
    public async Task IncrementalSync_StoredTokenRefusedByDrive_FallsBackToAFullSyncAndReportsProgress()
    {
        var fake = _drive.Drive;
        var first = fake.AddTextFile("a.txt", "A");
        fake.AddTextFile("b.txt", "B");
        var account = await _drive.ConnectAsync();
        await _drive.RunAsync(account);
        await _drive.SetCursorAsync(account, "not-a-drive-token");
        fake.Delete(first);
        fake.AddTextFile("c.txt", "C");
        var progress = new RecordingProgress();

        var result = await _drive.SyncIncrementalAsync(account, progress);

        (result.Seen, result.Added, result.Removed).ShouldBe((2, 1, 1));
        fake.ListRequests.ShouldBe(2);
        (await _drive.DocumentsAsync()).Select(d => d.Title).ShouldBe(["b.txt", "c.txt"]);
        progress.Reports.Select(p => p.Current).ShouldBe([1, 2]);
        (await _drive.CursorAsync(account)).ShouldBe(fake.StartPageToken);
    }

    [Fact]
    public async Task FullSync_DriveRefusesOneFile_CountsItFailedAndSyncsTheRestWithoutReconnect()
    {
        var fake = _drive.Drive;
        fake.AddTextFile("open.txt", "Readable");
        var locked = fake.AddTextFile("locked.txt", "Owner disabled downloads");
        fake.ForbidDownload(locked);
        var account = await _drive.ConnectAsync();

        var run = await _drive.RunAsync(account);

        (run.Status, run.Seen, run.Added, run.Failed).ShouldBe((SyncRunStatus.PartiallySucceeded, 2, 1, 1));
        run.ErrorMessage.ShouldBe("Google Drive refused to hand over 1 file: 'locked.txt'.");
        (await _drive.DocumentsAsync()).ShouldHaveSingleItem().Title.ShouldBe("open.txt");
        (await _drive.AccountAsync(account)).Status.ShouldBe(InstallationStatus.Active);
    }

    private async Task<SyncRun> RunDueRetryAsync()
    {
        DispatchableRun due;
        await using (var scope = _drive.Bed.Database.Services.CreateAsyncScope())
        {
            var scheduler = scope.ServiceProvider.GetRequiredService<SyncScheduler>();
            due = (await scheduler.DispatchableAsync(10, Ct)).ShouldHaveSingleItem();
            (await scheduler.ClaimAsync(due, Ct)).ShouldBeTrue();
        }

        await using var tenant = _drive.Bed.As(_drive.Bed.Acme);
        return (await tenant.ServiceProvider.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(due.RunId, Ct))!;
    }
}
