namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>A Drive API v3 file resource with the fields the connector asks for
/// (<see cref="DriveClient.FileFields"/>). Drive sends <c>size</c> (int64) as a JSON string; the
/// Web JSON defaults read it as a number. <c>trashed</c> is only requested on the changes feed.</summary>
internal sealed record DriveFile(
    string Id,
    string Name,
    string MimeType,
    DateTimeOffset? ModifiedTime = null,
    DateTimeOffset? CreatedTime = null,
    string? WebViewLink = null,
    long? Size = null,
    IReadOnlyList<DriveUser>? Owners = null,
    bool Trashed = false);

/// <summary>A Drive user (a file's owner, the signed-in user of <c>about</c>).</summary>
internal sealed record DriveUser(string? EmailAddress = null, string? DisplayName = null);
