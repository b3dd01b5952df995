using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>Drive's changes feed through the deletion brake: one deleted file goes; a share that suddenly lost almost
/// every file (removed changes for nearly all) holds the removals until an admin decides.</summary>
public sealed class DriveDeletionBrakeTests : IAsyncLifetime
{
    private DriveTestBed _drive = null!;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task ASmallDeletionGoesThrough_NearlyEveryFileRemovedIsHeld_AndApplyingRemovesExactlyTheHeldSet()
    {
        var files = Enumerable.Range(1, 60).Select(n => _drive.Drive.AddTextFile($"file-{n:00}.txt", $"Text {n}")).ToList();
        var account = await _drive.ConnectAsync();
        (await _drive.RunAsync(account)).Added.ShouldBe(60);

        _drive.Drive.Delete(files[0]);
        DeletionBrakeChecks.ShouldHaveGoneThrough(await _drive.RunAsync(account), removed: 1);

        files.Skip(2).ToList().ForEach(_drive.Drive.Delete);
        var held = await _drive.RunAsync(account);

        await DeletionBrakeChecks.ShouldBeHeldThenApplyRemovesExactlyTheHeldSetAsync(_drive.Bed, account, held, held: 58);
        (await _drive.DocumentsAsync()).ShouldHaveSingleItem().Title.ShouldBe("file-02.txt");
    }
}
