using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Domain.Connectors.Forms;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>Which shared drives an account syncs besides the user's own files.</summary>
internal enum SharedDrives
{
    None,
    All,
    Chosen,
}

/// <summary>
/// What a Google Drive account syncs, from its settings: folders to include (with everything under them) and to skip,
/// shared drives (none, all but some, or chosen ones), file types, an age limit and a size limit of its own (never above
/// the deployment's). The age and type limits go into Drive's query (<see cref="Query"/>); folders, drives and size are
/// checked on each listed file. <see cref="Fingerprint"/> names the scope so a sync can tell that it changed.
/// </summary>
internal sealed record DriveScope(
    IReadOnlySet<string> FoldersIncluded,
    IReadOnlySet<string> FoldersExcluded,
    SharedDrives SharedDrives,
    IReadOnlySet<string> DrivesIncluded,
    IReadOnlySet<string> DrivesExcluded,
    IReadOnlySet<string> MimeTypes,
    double ModifiedWithinDays,
    DateTimeOffset? ModifiedAfter,
    long MaxBytes,
    bool SizeLimitedByAccount)
{
    public const string FoldersIncludeField = "folders.include";
    public const string FoldersExcludeField = "folders.exclude";
    public const string SharedDrivesField = "shared_drives";
    public const string DrivesIncludeField = "shared_drives.include";
    public const string DrivesExcludeField = "shared_drives.exclude";
    public const string MimeTypesField = "mime_types.include";
    public const string ModifiedWithinDaysField = "modified_within_days";
    public const string MaxFileSizeField = "max_file_size_mb";

    public const string FoldersDiscovery = "drive-folders";
    public const string DrivesDiscovery = "shared-drives";
    public const string FileTypesDiscovery = "drive-file-types";

    private const long MiB = 1024 * 1024;

    /// <summary>The file types one can choose: those a sync can read as text.</summary>
    public static IReadOnlyList<FieldOption> FileTypes { get; } =
    [
        new(DriveFormats.GoogleDoc, "Google Docs"),
        new(DriveFormats.GoogleSheet, "Google Sheets"),
        new(DriveFormats.GoogleSlides, "Google Slides"),
        new("text/plain", "Plain text"),
        new("text/markdown", "Markdown"),
        new("text/csv", "CSV"),
        new("text/html", "HTML"),
        new("application/json", "JSON"),
    ];

    /// <summary>The settings form; <paramref name="deploymentMaxBytes"/> is named in the size field's help.</summary>
    public static FormSchema Settings(long deploymentMaxBytes) => new([
        new FormField(FoldersIncludeField, "Folders to sync", FieldType.List, FieldTarget.Config)
        {
            Discovery = FoldersDiscovery,
            Help = "When set, only files in these folders and their subfolders are synced.",
        },
        new FormField(FoldersExcludeField, "Folders to skip", FieldType.List, FieldTarget.Config)
        {
            Discovery = FoldersDiscovery,
            Help = "Files in these folders and their subfolders are not synced, even inside a folder to sync.",
        },
        new FormField(SharedDrivesField, "Shared drives", FieldType.Select, FieldTarget.Config)
        {
            Default = "none",
            Options = [new("none", "None (My Drive and files shared with the account)"), new("all", "All shared drives"), new("chosen", "Chosen shared drives")],
            Help = "Files in shared drives are synced only when their drive is included here.",
        },
        new FormField(DrivesIncludeField, "Shared drives to sync", FieldType.List, FieldTarget.Config)
        {
            Discovery = DrivesDiscovery, ShowIf = new ShowIf(SharedDrivesField, "chosen"),
        },
        new FormField(DrivesExcludeField, "Shared drives to skip", FieldType.List, FieldTarget.Config)
        {
            Discovery = DrivesDiscovery, ShowIf = new ShowIf(SharedDrivesField, "all"),
        },
        new FormField(MimeTypesField, "File types to sync", FieldType.List, FieldTarget.Config)
        {
            Discovery = FileTypesDiscovery,
            Help = "Exact MIME types; empty syncs every type that can be read as text.",
        },
        new FormField(ModifiedWithinDaysField, "Modified within (days)", FieldType.Number, FieldTarget.Config)
        {
            Default = "0", Min = 0, Max = 36_500,
            Help = "0 syncs files of any age; otherwise only files changed within this many days, and older ones leave the knowledge base.",
        },
        new FormField(MaxFileSizeField, "Largest file (MB)", FieldType.Number, FieldTarget.Config)
        {
            Default = "0", Min = 0, Max = 100_000,
            Help = $"0 uses this server's limit ({Math.Max(1, deploymentMaxBytes / MiB)} MB); a larger value than that limit has no effect.",
        },
    ]);

    /// <summary>Whether folders to sync or to skip are set: the folder tree is then needed to judge a file.</summary>
    public bool NeedsFolders => FoldersIncluded.Count > 0 || FoldersExcluded.Count > 0;

    /// <summary>Whether any shared drive is in scope: listings and the changes feed then ask for shared drives' items.</summary>
    public bool UsesSharedDrives => SharedDrives != SharedDrives.None;

    public static DriveScope From(JsonObject config, DateTimeOffset now, long deploymentMaxBytes)
    {
        var days = ConfigNumbers.Positive(config, ModifiedWithinDaysField);
        var accountMax = (long)Math.Min(ConfigNumbers.Positive(config, MaxFileSizeField) * MiB, long.MaxValue / 2);
        return new DriveScope(
            Set(config, FoldersIncludeField),
            Set(config, FoldersExcludeField),
            (config[SharedDrivesField] is JsonValue mode && mode.TryGetValue<string>(out var m) ? m : null) switch { "all" => SharedDrives.All, "chosen" => SharedDrives.Chosen, _ => SharedDrives.None },
            Set(config, DrivesIncludeField),
            Set(config, DrivesExcludeField),
            Set(config, MimeTypesField),
            days,
            days > 0 ? now.AddDays(-days) : null,
            accountMax > 0 ? Math.Min(accountMax, deploymentMaxBytes) : deploymentMaxBytes,
            accountMax > 0 && accountMax < deploymentMaxBytes);
    }

    /// <summary>Drive's query for a listing: not trashed, and within the age and type limits.</summary>
    public string Query
    {
        get
        {
            var q = "trashed = false";
            if (ModifiedAfter is { } after)
            {
                q += $" and modifiedTime > '{after.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}'";
            }

            if (MimeTypes.Count > 0)
            {
                q += $" and ({string.Join(" or ", MimeTypes.Order(StringComparer.Ordinal).Select(m => $"mimeType = '{Quote(m)}'"))})";
            }

            return q;
        }
    }

    /// <summary>Folders a query names at most (Drive limits a query's length).</summary>
    public const int FoldersPerQuery = 50;

    /// <summary>The listing's query for the files directly in <paramref name="folders"/> (at most <see cref="FoldersPerQuery"/>).</summary>
    public string QueryIn(IEnumerable<string> folders) =>
        $"{Query} and ({string.Join(" or ", folders.Select(id => $"'{Quote(id)}' in parents"))})";

    /// <summary>The corpus that holds every file a folder query may find: shared drives too when they are in scope.</summary>
    public DriveCorpus FolderCorpus => UsesSharedDrives ? DriveCorpus.AllDrives : DriveCorpus.User;

    /// <summary>Names everything that decides which files belong to the account (the age limit by its days, not its
    /// moving cutoff); a sync whose stored fingerprint differs lists the files again.</summary>
    public string Fingerprint => string.Join('|',
        Join(FoldersIncluded), Join(FoldersExcluded), SharedDrives.ToString(), Join(DrivesIncluded), Join(DrivesExcluded), Join(MimeTypes),
        ModifiedWithinDays.ToString(CultureInfo.InvariantCulture), MaxBytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether <paramref name="file"/> is in scope — its drive, age, type and folders; not its size, which the
    /// reader checks and the result reports. <paramref name="folders"/> is needed only when <see cref="NeedsFolders"/>.</summary>
    public bool Admits(DriveFile file, DriveFolderTree? folders)
    {
        var inDrive = file.DriveId is not { } drive || SharedDrives switch
        {
            SharedDrives.All => !DrivesExcluded.Contains(drive),
            SharedDrives.Chosen => DrivesIncluded.Contains(drive),
            _ => false,
        };
        return inDrive
            && (ModifiedAfter is not { } after || file.ModifiedTime > after)
            && (MimeTypes.Count == 0 || MimeTypes.Contains(file.MimeType))
            && (!NeedsFolders || folders is null
                || ((FoldersIncluded.Count == 0 || folders.IsUnder(file, FoldersIncluded)) && !folders.IsUnder(file, FoldersExcluded)));
    }

    /// <summary>The listings a sync walks: the user's own files, then each shared drive in scope that the user can reach
    /// (a chosen drive the user is no longer a member of, or a wrong id, is named in <see cref="DriveCorpora.Unreachable"/>).</summary>
    public async Task<DriveCorpora> CorporaAsync(DriveClient client, CancellationToken ct)
    {
        if (SharedDrives == SharedDrives.None)
        {
            return new DriveCorpora([DriveCorpus.User], []);
        }

        var reachable = (await client.AllDrivesAsync(ct)).Select(d => d.Id).ToList();
        var drives = SharedDrives == SharedDrives.Chosen
            ? reachable.Where(DrivesIncluded.Contains)
            : reachable.Where(id => !DrivesExcluded.Contains(id));
        var unreachable = SharedDrives == SharedDrives.Chosen ? DrivesIncluded.Except(reachable).Order(StringComparer.Ordinal).ToList() : [];
        return new DriveCorpora([DriveCorpus.User, .. drives.Order(StringComparer.Ordinal).Select(DriveCorpus.SharedDrive)], unreachable);
    }

    /// <summary>The folder tree of the listings in scope, or null when no folder limits apply (nothing to judge by it).</summary>
    public async Task<DriveFolderTree?> FolderTreeAsync(DriveClient client, int pageSize, CancellationToken ct) =>
        NeedsFolders ? await DriveFolderTree.LoadAsync(client, (await CorporaAsync(client, ct)).List, pageSize, ct) : null;

    private static IReadOnlySet<string> Set(JsonObject config, string field) =>
        config[field] is JsonArray list
            ? list.Select(n => n?.GetValue<string>()?.Trim()).OfType<string>().Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static string Join(IReadOnlySet<string> values) => string.Join(',', values.Order(StringComparer.Ordinal));

    /// <summary>A value inside Drive's single-quoted query strings.</summary>
    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}

/// <summary>The listings of a sync, and the chosen shared drives it cannot reach.</summary>
internal sealed record DriveCorpora(IReadOnlyList<DriveCorpus> List, IReadOnlyList<string> Unreachable);
