using System.Diagnostics;
using System.Globalization;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>
/// What a filter change costs on a 2,000-file Drive (20 folders of 100 text files, 100 files per listing page), beside
/// the first sync that read every file, in one run: a narrowing (two folders skipped), the widening back, and an
/// incremental sync with nothing changed. Printed as downloads and milliseconds with the ratio to the first sync.
/// The structure (no download on a narrowing, one per file that came in on a widening) is asserted here and, on a small
/// Drive, in every run by <see cref="DriveFilterTests"/>. Explicit:
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~DriveFilterBenchmark" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class DriveFilterBenchmarkTests
{
    private const int Folders = 20;
    private const int FilesPerFolder = 100;

    [Fact(Explicit = true)]
    public async Task AFilterChange_OnTwoThousandFiles_DownloadsOnlyWhatCameIn_PrintedBesideTheFirstSync()
    {
        await using var drive = await DriveTestBed.CreateAsync(pageSize: 100);
        var body = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40));
        var folders = Enumerable.Range(1, Folders).Select(f => drive.Drive.AddFolder($"Folder {f:00}")).ToList();
        foreach (var (folder, f) in folders.Select((id, i) => (id, i)))
        {
            for (var n = 0; n < FilesPerFolder; n++)
            {
                drive.Drive.AddTextFile($"file-{f:00}-{n:000}.txt", $"{body} {f}/{n}", parent: folder);
            }
        }

        var account = await drive.ConnectAsync();
        var first = await MeasureAsync(drive, account);
        var narrowed = await MeasureAsync(drive, account, new() { ["folders.exclude"] = folders.Take(2).ToArray() });
        var widened = await MeasureAsync(drive, account, new() { ["folders.exclude"] = null });
        var idle = await MeasureAsync(drive, account);

        (first.Run.Added, first.Downloads).ShouldBe((Folders * FilesPerFolder, Folders * FilesPerFolder));
        (narrowed.Run.Removed, narrowed.Downloads).ShouldBe((2 * FilesPerFolder, 0));
        (widened.Run.Added, widened.Downloads).ShouldBe((2 * FilesPerFolder, 2 * FilesPerFolder));
        idle.Downloads.ShouldBe(0);
        TestContext.Current.TestOutputHelper?.WriteLine($"load average: {LoadAverage.ReadAll() ?? "unknown"}\n"
            + Row("first sync (full, reference)", first, first)
            + Row("narrowing: two folders skipped", narrowed, first)
            + Row("widening back", widened, first)
            + Row("incremental, nothing changed", idle, first));
    }

    private static async Task<Measured> MeasureAsync(DriveTestBed drive, Guid account, Dictionary<string, object?>? settings = null)
    {
        if (settings is not null)
        {
            await drive.SettingsAsync(account, settings);
        }

        var (reads, lists) = (drive.Drive.ContentReads, drive.Drive.ListRequests);
        var watch = Stopwatch.StartNew();
        var run = await drive.RunAsync(account);
        watch.Stop();
        return new Measured(run, drive.Drive.ContentReads - reads, drive.Drive.ListRequests - lists, watch.Elapsed);
    }

    private static string Row(string what, Measured m, Measured reference) => string.Create(CultureInfo.InvariantCulture,
        $"{what}: {m.Downloads} downloads, {m.Lists} list requests, {m.Elapsed.TotalMilliseconds:0} ms, ratio to the first sync {m.Elapsed / reference.Elapsed:0.00}\n");

    private sealed record Measured(SyncRun Run, int Downloads, int Lists, TimeSpan Elapsed);
}
