using Connectors.Domain.Accounts;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>
/// Google Drive's filters from its settings form: folders to sync and to skip (chosen from a live list shown by path),
/// shared drives (none by default, all but some, or chosen ones), file types, an age limit and a size limit of the
/// account's own. Narrowing removes what no longer matches at the next sync without reading a file; widening reads only
/// the files that came in; a moved file or folder follows; Drive's query carries the age and type limits; the preview
/// honours them all. A chosen shared drive the account cannot reach is skipped and named, never a failed sync.
/// </summary>
public sealed class DriveFilterTests : IAsyncLifetime
{
    private DriveTestBed _drive = null!;

    private FakeGoogleDriveApi Fake => _drive.Drive;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync(maxFileBytes: 4 * 1024 * 1024);

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task Folders_ChosenFromTheLiveList_KeepTheirSubtrees_NarrowingAndWideningReadOnlyWhatComesIn_AndMovesFollow()
    {
        var projects = Fake.AddFolder("Projects");
        var year = Fake.AddFolder("2026", parent: projects);
        var archive = Fake.AddFolder("Archive", parent: year);
        var hr = Fake.AddFolder("HR");
        var plan = Fake.AddTextFile("plan.txt", "The plan.", parent: projects);
        Fake.AddTextFile("q1.txt", "Quarter one.", parent: year);
        Fake.AddTextFile("old.txt", "Old.", parent: archive);
        Fake.AddTextFile("leave.txt", "Leave policy.", parent: hr);
        Fake.AddDoc("Top", "At the top.");
        var loose = Fake.AddFolder("Loose");
        Fake.AddTextFile("loose.txt", "Loose ends.", parent: loose);
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(6);

        var folders = await _drive.DiscoverAsync(account, "folders.include");
        folders.Error.ShouldBeNull();
        folders.Options.Select(o => o.Label).ShouldBe(["HR", "Loose", "Projects", "Projects / 2026", "Projects / 2026 / Archive"]);

        var reads = Fake.ContentReads;
        Fake.ListQueries.Clear();
        await _drive.SettingsAsync(account, new() { ["folders.include"] = new[] { projects }, ["folders.exclude"] = new[] { archive } });
        var narrowed = await _drive.RunAsync(account);

        FileListings().ShouldNotBeEmpty();
        FileListings().ShouldAllBe(q => q.Contains($"('{projects}' in parents or '{year}' in parents or '{archive}' in parents)"),
            "only the chosen folder's subtree is listed");
        narrowed.Removed.ShouldBe(4);
        await TitlesShouldBeAsync("plan.txt", "q1.txt");
        Fake.ContentReads.ShouldBe(reads, "narrowing lists metadata and reads no file");
        (await _drive.Bed.PreviewAsync(_drive.Bed.Acme, account, limit: 5)).Items.Select(i => i.Title).ShouldBe(["q1.txt", "plan.txt"]);
        reads = Fake.ContentReads; // The preview read the two.

        await _drive.SettingsAsync(account, new() { ["folders.include"] = new[] { projects, hr } });
        var widened = await _drive.RunAsync(account);

        (widened.Added, widened.Removed).ShouldBe((1, 0));
        Fake.ContentReads.ShouldBe(reads + 1, "only the file that came in is read");
        await TitlesShouldBeAsync("leave.txt", "plan.txt", "q1.txt");

        Fake.Move(plan, FakeGoogleDriveApi.RootFolderId);
        (await _drive.RunAsync(account)).Removed.ShouldBe(1, "a file moved out of the chosen folders leaves through the changes feed");

        Fake.ListQueries.Clear();
        Fake.Move(year, FakeGoogleDriveApi.RootFolderId);
        var movedOut = await _drive.RunAsync(account);

        movedOut.Removed.ShouldBe(1, "a folder moved out takes its files along");
        await TitlesShouldBeAsync("leave.txt");
        Fake.ContentReads.ShouldBe(reads + 1);
        FileListings().ShouldNotBeEmpty();
        FileListings().ShouldAllBe(q => q.Contains($"('{year}' in parents or '{archive}' in parents)"),
            "only the moved folder and the folders below it are listed again (two pages of two)");

        Fake.Move(loose, hr);
        var movedIn = await _drive.RunAsync(account);

        (movedIn.Added, movedIn.Removed).ShouldBe((1, 0));
        Fake.ContentReads.ShouldBe(reads + 2, "the file that came in with its folder is read, nothing else");
        await TitlesShouldBeAsync("leave.txt", "loose.txt");
    }

    [Fact]
    public async Task SharedDrives_AreLeftOutByDefault_AllButSkippedOrChosenOnes_AndTheirChangesFollow()
    {
        var engineering = Fake.AddSharedDrive("Engineering");
        var finance = Fake.AddSharedDrive("Finance");
        var spec = Fake.AddTextFile("spec.txt", "The spec.", parent: Fake.AddFolder("Specs", parent: engineering));
        Fake.AddTextFile("budget.txt", "The budget.", parent: finance);
        Fake.AddTextFile("notes.txt", "My notes.");
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(1);
        Fake.ListQueries.ShouldAllBe(q => !q.Contains("includeItemsFromAllDrives", StringComparison.Ordinal));

        var drives = await _drive.DiscoverAsync(account, "shared_drives.exclude");
        drives.Options.Select(o => (o.Value, o.Label)).ShouldBe([(engineering, "Engineering"), (finance, "Finance")]);
        (await _drive.DiscoverAsync(account, "folders.include")).Options.Select(o => o.Label).ShouldBe(["Engineering / Specs"]);

        var reads = Fake.ContentReads;
        Fake.ListQueries.Clear();
        await _drive.SettingsAsync(account, new() { ["shared_drives"] = "all", ["shared_drives.exclude"] = new[] { finance } });
        (await _drive.RunAsync(account)).Added.ShouldBe(1);

        await TitlesShouldBeAsync("notes.txt", "spec.txt");
        Fake.ContentReads.ShouldBe(reads + 1, "the file already stored is not read again");
        Fake.ListQueries.ShouldContain(q => q.Contains($"corpora=drive&driveId={engineering}&includeItemsFromAllDrives=true&supportsAllDrives=true", StringComparison.Ordinal));
        Fake.ListQueries.ShouldNotContain(q => q.Contains(finance, StringComparison.Ordinal));

        Fake.Update(spec, "The spec, revised.");
        (await _drive.RunAsync(account)).Updated.ShouldBe(1, "a change in an included shared drive comes through the changes feed");

        await _drive.SettingsAsync(account, new() { ["shared_drives"] = "chosen", ["shared_drives.include"] = new[] { finance, "0ADGONE" } });
        var chosen = await _drive.RunAsync(account);

        (chosen.Added, chosen.Removed).ShouldBe((1, 1));
        chosen.ErrorMessage.ShouldBe("Skipped 1 chosen shared drive the account cannot reach (no longer a member, or a wrong id): '0ADGONE'.");
        await TitlesShouldBeAsync("budget.txt", "notes.txt");

        var legal = Fake.AddSharedDrive("Legal", member: false);
        Fake.AddTextFile("contract.txt", "The contract.", parent: legal);
        await _drive.SettingsAsync(account, new() { ["shared_drives"] = "all", ["shared_drives.exclude"] = new[] { engineering } });
        (await _drive.RunAsync(account)).Added.ShouldBe(0, "not a member of Legal yet");

        Fake.Join(legal);
        (await _drive.RunAsync(account)).Added.ShouldBe(1, "joining a drive brings its files, which have no change of their own");
        Fake.Leave(finance);
        (await _drive.RunAsync(account)).Removed.ShouldBe(1, "leaving a drive takes its files away");
        await TitlesShouldBeAsync("contract.txt", "notes.txt");
    }

    [Fact]
    public async Task FileTypesAndAge_GoIntoDrivesQuery_ASizeLimitOfTheAccountsOwnSkipsLargerFiles_AndThePreviewHonoursThem()
    {
        var now = _drive.Bed.Clock.GetUtcNow().UtcDateTime;
        var handbook = Fake.AddDoc("Handbook", "Welcome.");
        var notes = Fake.AddTextFile("notes.txt", "Notes.");
        var data = Fake.AddTextFile("data.csv", "a,b", mimeType: "text/csv");
        var legacy = Fake.AddTextFile("legacy.txt", "Legacy.");
        var big = Fake.AddTextFile("big.log", new string('x', 2 * 1024 * 1024));
        Fake.ModifiedAt(handbook, now.AddDays(-2));
        Fake.ModifiedAt(notes, now.AddDays(-20));
        Fake.ModifiedAt(data, now.AddDays(-3));
        Fake.ModifiedAt(legacy, now.AddDays(-200));
        Fake.ModifiedAt(big, now.AddDays(-1));
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(5);
        (await _drive.DiscoverAsync(account, "mime_types.include")).Options.Select(o => o.Label).ShouldContain("Google Docs");

        Fake.ListQueries.Clear();
        await _drive.SettingsAsync(account, new()
        {
            ["mime_types.include"] = new[] { FakeGoogleDriveApi.GoogleDoc, "text/plain" },
            ["modified_within_days"] = 30,
            ["max_file_size_mb"] = 1.5,
        });
        var run = await _drive.RunAsync(account);

        run.Removed.ShouldBe(3);
        run.ErrorMessage.ShouldBe("Skipped 1 file larger than 1536 KiB (the account's own limit): 'big.log'.");
        await TitlesShouldBeAsync("Handbook", "notes.txt");
        Fake.ListQueries.ShouldContain(q => Uri.UnescapeDataString(q).Contains(
            $"trashed = false and modifiedTime > '{now.AddDays(-30):yyyy-MM-dd'T'HH:mm:ss}' and (mimeType = '{FakeGoogleDriveApi.GoogleDoc}' or mimeType = 'text/plain')",
            StringComparison.Ordinal));

        var preview = await _drive.Bed.PreviewAsync(_drive.Bed.Acme, account, limit: 5);
        preview.Items.Select(i => i.Title).ShouldBe(["Handbook", "notes.txt"]);

        _drive.Bed.Clock.Advance(TimeSpan.FromDays(15));
        var aged = await _drive.RunAsync(account);

        aged.Removed.ShouldBe(1, "a file that aged past the limit leaves without a change of its own");
        await TitlesShouldBeAsync("Handbook");
    }

    [Fact]
    public async Task AFileModifiedWithTheSameText_KeepsItsNewTime_SoItIsNeitherReadAgainNorAgedOut()
    {
        var now = _drive.Bed.Clock.GetUtcNow().UtcDateTime;
        var sheet = Fake.AddTextFile("rota.csv", "mon,ada", mimeType: "text/csv");
        Fake.ModifiedAt(sheet, now.AddDays(-40));
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(1);

        Fake.Touch(sheet);
        Fake.ModifiedAt(sheet, now.AddDays(-1));
        await _drive.RunAsync(account);
        var reads = Fake.ContentReads;
        await _drive.SettingsAsync(account, new() { ["modified_within_days"] = 30 });
        var limited = await _drive.RunAsync(account);

        limited.Removed.ShouldBe(0, "modified yesterday, though its text is as old as before");
        Fake.ContentReads.ShouldBe(reads, "its stored time is the new one, so listing again does not read it");
        (await _drive.DocumentsAsync()).ShouldHaveSingleItem().SourceUpdatedAt!.Value.ShouldBe(now.AddDays(-1), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task ANarrowingHeldByTheBrake_WidenedBack_ReleasesTheHeldSetWithoutReadingAFile()
    {
        var bulk = Fake.AddFolder("Bulk");
        var kept = Fake.AddFolder("Kept");
        Enumerable.Range(1, 60).ToList().ForEach(n => Fake.AddTextFile($"bulk-{n:00}.txt", $"Bulk {n}", parent: bulk));
        Fake.AddTextFile("kept.txt", "Kept.", parent: kept);
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(61);
        await _drive.SettingsAsync(account, new() { ["folders.include"] = new[] { kept } });
        (await _drive.RunAsync(account)).Status.ShouldBe(SyncRunStatus.Held);
        (await HeldAsync(account))!.Count.ShouldBe(60);

        var reads = Fake.ContentReads;
        await _drive.SettingsAsync(account, new() { ["folders.include"] = null });
        var widened = await _drive.RunAsync(account);

        (widened.Status, widened.Removed).ShouldBe((SyncRunStatus.Succeeded, 0));
        (await HeldAsync(account)).ShouldBeNull("every held document was found present again");
        Fake.ContentReads.ShouldBe(reads);
        (await _drive.DocumentsAsync()).Count.ShouldBe(61);
    }

    private Task<HeldRemovalsView?> HeldAsync(Guid account) =>
        _drive.Bed.InScopeAsync(sp => sp.GetRequiredService<HeldRemovals>().GetAsync(account, TestContext.Current.CancellationToken));

    /// <summary>The files.list queries other than the folder tree's, decoded.</summary>
    private List<string> FileListings() =>
        [.. Fake.ListQueries.Select(Uri.UnescapeDataString).Where(q => !q.Contains(FakeGoogleDriveApi.FolderMimeType, StringComparison.Ordinal))];

    private async Task TitlesShouldBeAsync(params string[] titles) =>
        (await _drive.DocumentsAsync()).Select(d => d.Title).ShouldBe(titles);
}
