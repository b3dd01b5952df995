using Connectors.Domain.Documents;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>One Drive file → one document: keyed by the file id (stable across renames and moves),
/// titled by its name, linked to its page in Drive, authored by its first owner.</summary>
internal static class DriveDocuments
{
    public static DocumentInput From(DriveFile file, string text, DriveFormat format) => new(
        ExternalId: file.Id,
        Title: string.IsNullOrWhiteSpace(file.Name) ? "(untitled)" : file.Name.Trim(),
        Content: text.TrimStart('\uFEFF'),
        MimeType: format.DocumentMimeType,
        SourceUrl: file.WebViewLink,
        Author: file.Owners?.Select(o => o.EmailAddress).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)),
        SourceCreatedAt: file.CreatedTime?.UtcDateTime,
        SourceUpdatedAt: file.ModifiedTime?.UtcDateTime);
}
