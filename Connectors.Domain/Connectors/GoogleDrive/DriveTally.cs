using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>The counts of one Drive sync, and the names of the files it skipped for size or could not
/// read, which the result reports (a skip is not an error: the run still succeeds and moves the cursor).</summary>
internal sealed class DriveTally(DriveScope scope)
{
    private const int NamesShown = 5;
    private readonly List<string> _tooLarge = [];
    private readonly List<string> _unreadable = [];

    /// <summary>Chosen shared drives the account cannot reach: skipped, and named in the result.</summary>
    public IReadOnlyList<string> UnreachableDrives { get; init; } = [];

    public int Seen { get; private set; }

    public int Added { get; private set; }

    public int Updated { get; private set; }

    public int Removed { get; private set; }

    public void Saw(DriveFile file, DriveRead read)
    {
        Seen++;
        if (read.Outcome == DriveReadOutcome.TooLarge)
        {
            _tooLarge.Add(file.Name);
        }
        else if (read.Outcome == DriveReadOutcome.Unreadable)
        {
            _unreadable.Add(file.Name);
        }
    }

    public void SawRemoval() => Seen++;

    /// <summary>Listed, stored, and not modified since it was read: not read again.</summary>
    public void SawUnchanged() => Seen++;

    public void Wrote(UpsertCounts counts) => (Added, Updated) = (Added + counts.Added, Updated + counts.Updated);

    public void RemovedDocuments(int count) => Removed += count;

    public SyncResult ToResult() => new(Seen, Added, Updated, Removed, _unreadable.Count, Reason());

    private string? Reason()
    {
        var parts = new List<string>();
        if (_tooLarge.Count > 0)
        {
            var limit = scope.SizeLimitedByAccount
                ? "the account's own limit"
                : $"{GoogleDriveOptions.Section}:{nameof(GoogleDriveOptions.MaxFileBytes)}";
            parts.Add($"Skipped {Files(_tooLarge.Count)} larger than {Size(scope.MaxBytes)} ({limit}): {Names(_tooLarge)}.");
        }

        if (_unreadable.Count > 0)
        {
            parts.Add($"Google Drive refused to hand over {Files(_unreadable.Count)}: {Names(_unreadable)}.");
        }

        if (UnreachableDrives.Count > 0)
        {
            parts.Add($"Skipped {(UnreachableDrives.Count == 1 ? "1 chosen shared drive" : $"{UnreachableDrives.Count} chosen shared drives")} " +
                $"the account cannot reach (no longer a member, or a wrong id): {Names([.. UnreachableDrives])}.");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string Files(int count) => count == 1 ? "1 file" : $"{count} files";

    private static string Names(List<string> names) =>
        string.Join(", ", names.Take(NamesShown).Select(n => $"'{n}'")) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "");

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";
}
