using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>Preview against the fake Drive: the most recently modified readable files, newest first (one list
/// request sorted by modifiedTime), binaries skipped as a sync skips them — and nothing stored or moved.</summary>
public sealed class GoogleDrivePreviewTests : IAsyncLifetime
{
    private DriveTestBed _drive = null!;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task Preview_NewestReadableFilesFirst_StoresNothingAndKeepsTheCursor()
    {
        var fake = _drive.Drive;
        var handbook = fake.AddDoc("Handbook", "Welcome to Acme.");
        fake.AddTextFile("notes.txt", "Call the printer vendor.");
        fake.AddDoc("Roadmap", "Q1: previews.");
        var account = await _drive.ConnectAsync();
        await _drive.RunAsync(account);
        fake.Update(handbook, "Welcome to Acme. Holidays: 25 days.");
        fake.AddBinary("logo.png", [0x89, 0x50, 0x4E, 0x47]);
        var before = await PreviewFootprint.ReadAsync(_drive.Bed, _drive.Bed.Acme, account);
        var lists = fake.ListRequests;

        var preview = await _drive.Bed.PreviewAsync(_drive.Bed.Acme, account, limit: 2);

        preview.Error.ShouldBeNull();
        preview.Items.Select(i => i.Title).ShouldBe(["Handbook", "Roadmap"]);
        preview.Items[0].Excerpt.ShouldBe("Welcome to Acme. Holidays: 25 days.");
        preview.Items[0].Author.ShouldBe("ada@example.test");
        preview.Items[0].Date.ShouldNotBeNull();
        fake.ListRequests.ShouldBe(lists + 1);
        (await PreviewFootprint.ReadAsync(_drive.Bed, _drive.Bed.Acme, account)).ShouldBe(before);
        (await _drive.DocumentsAsync()).Single(d => d.Title == "Handbook").Content.ShouldBe("Welcome to Acme.");
    }
}
