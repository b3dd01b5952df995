using System.Globalization;

namespace Connectors.Tests.Fakes;

/// <summary>A file of <see cref="FakeGoogleDriveApi"/>, rendered as Drive's file resource.</summary>
internal sealed class FakeDriveFile(string id, string name, string mimeType, byte[] content, DateTime createdTime)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string MimeType { get; } = mimeType;

    public byte[] Content { get; set; } = content;

    public DateTime CreatedTime { get; } = createdTime;

    public DateTime ModifiedTime { get; set; } = createdTime;

    public bool Trashed { get; set; }

    public bool DownloadForbidden { get; set; }

    /// <summary>The folder (or shared drive) the file is in; Drive lists it as the one entry of <c>parents</c>.</summary>
    public string? Parent { get; set; }

    /// <summary>The shared drive the file is in; null in My Drive.</summary>
    public string? DriveId { get; set; }

    public static string Rfc3339(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The resource with the <paramref name="fields"/> asked for (a name mentioned anywhere in the
    /// field mask counts); without a mask, Drive's default: kind, id, name, mimeType.</summary>
    public Dictionary<string, object?> ToJson(string? fields, string ownerEmail)
    {
        var json = new Dictionary<string, object?> { ["kind"] = "drive#file", ["id"] = Id, ["name"] = Name, ["mimeType"] = MimeType };
        if (fields is null)
        {
            return json;
        }

        var all = new Dictionary<string, object?>
        {
            ["createdTime"] = Rfc3339(CreatedTime),
            ["modifiedTime"] = Rfc3339(ModifiedTime),
            ["webViewLink"] = MimeType switch
            {
                FakeGoogleDriveApi.GoogleDoc => $"https://docs.google.com/document/d/{Id}/edit?usp=drivesdk",
                FakeGoogleDriveApi.GoogleSheet => $"https://docs.google.com/spreadsheets/d/{Id}/edit?usp=drivesdk",
                FakeGoogleDriveApi.GoogleSlides => $"https://docs.google.com/presentation/d/{Id}/edit?usp=drivesdk",
                _ => $"https://drive.google.com/file/d/{Id}/view?usp=drivesdk",
            },
            // int64 values are JSON strings in Google's APIs.
            ["size"] = Content.Length.ToString(CultureInfo.InvariantCulture),
            ["owners"] = new[] { new { kind = "drive#user", displayName = "Ada", emailAddress = ownerEmail, me = true } },
            ["trashed"] = Trashed,
            ["parents"] = Parent is null ? null : new[] { Parent },
            ["driveId"] = DriveId,
        };
        // Like Drive, a field without a value (driveId in My Drive) is left out.
        var wanted = all.Where(p => p.Value is not null && fields.Contains(p.Key, StringComparison.Ordinal)).ToList();
        return json.Where(p => p.Key == "kind" || fields.Contains(p.Key, StringComparison.Ordinal)).Concat(wanted).ToDictionary();
    }
}

/// <summary>A shared drive of <see cref="FakeGoogleDriveApi"/>.</summary>
internal sealed class FakeSharedDrive(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public bool Member { get; set; }
}
