namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>A Drive API v3 file resource with the fields the connector asks for
/// (<see cref="DriveClient.FileFields"/>). Drive sends <c>size</c> (int64) as a JSON string; the
/// Web JSON defaults read it as a number. <c>trashed</c> is only requested on the changes feed. <c>parents</c> holds the
/// folder the file is in (one since Drive ended multi-parenting); <c>driveId</c> is set only for files in a shared drive.</summary>
internal sealed record DriveFile(
    string Id,
    string Name,
    string MimeType,
    DateTimeOffset? ModifiedTime = null,
    DateTimeOffset? CreatedTime = null,
    string? WebViewLink = null,
    long? Size = null,
    IReadOnlyList<DriveUser>? Owners = null,
    bool Trashed = false,
    IReadOnlyList<string>? Parents = null,
    string? DriveId = null)
{
    /// <summary>Drive's folder type: listed like a file, it holds no text.</summary>
    public const string FolderMimeType = "application/vnd.google-apps.folder";

    public bool IsFolder => MimeType == FolderMimeType;
}

/// <summary>A Drive user (a file's owner, the signed-in user of <c>about</c>).</summary>
internal sealed record DriveUser(string? EmailAddress = null, string? DisplayName = null);
