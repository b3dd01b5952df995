namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>The <c>Connectors:GoogleDrive</c> section: limits of a Drive sync (the OAuth client lives
/// under <c>Connectors:OAuth:google-drive</c>).</summary>
public sealed class GoogleDriveOptions
{
    public const string Section = "Connectors:GoogleDrive";

    /// <summary>Files (and exports) larger than this are skipped and named in the sync's result; a
    /// knowledge base gains little from a 200 MB log, and the whole text is held in memory.</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Files or changes per API page (Drive allows 1–1000).</summary>
    public int PageSize { get; set; } = 100;
}
