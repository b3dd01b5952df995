namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary><c>files.list</c>: one page of files; <see cref="NextPageToken"/> is absent on the last page.</summary>
internal sealed record DriveFileList(string? NextPageToken, IReadOnlyList<DriveFile>? Files);

/// <summary><c>changes.list</c>: one page of changes. Either <see cref="NextPageToken"/> (more pages) or,
/// on the last page, <see cref="NewStartPageToken"/> (the cursor for the next sync).</summary>
internal sealed record DriveChangeList(string? NextPageToken, string? NewStartPageToken, IReadOnlyList<DriveChange>? Changes);

/// <summary>One change: the file's current state, or <see cref="Removed"/> when it was deleted or the
/// user lost access. A shared drive's own change (<see cref="ChangeType"/> <c>drive</c>: the user joined or left it, it was
/// renamed) carries its <see cref="DriveId"/> and no <see cref="FileId"/>.</summary>
internal sealed record DriveChange(string? FileId, bool Removed, DriveFile? File, string? ChangeType = null, string? DriveId = null)
{
    public bool IsDriveChange => ChangeType == "drive";
}

/// <summary><c>changes.getStartPageToken</c>.</summary>
internal sealed record DriveStartPageToken(string? StartPageToken);

/// <summary><c>about.get</c> with <c>fields=user</c>.</summary>
internal sealed record DriveAbout(DriveUser? User);

/// <summary><c>drives.list</c>: one page of the shared drives the user is a member of.</summary>
internal sealed record DriveDriveList(string? NextPageToken, IReadOnlyList<DriveSharedDrive>? Drives);

/// <summary>A shared drive: its id is also the id of its top folder.</summary>
internal sealed record DriveSharedDrive(string Id, string? Name);
