namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>How a file becomes text: exported as <see cref="ExportAs"/> (Google Docs editors files,
/// which have no bytes of their own) or, when that is null, downloaded as it is stored.</summary>
internal sealed record DriveFormat(string? ExportAs, string DocumentMimeType);

/// <summary>
/// Which Drive files the connector can read as text. Docs and Slides export as plain text, Sheets as
/// CSV (Drive exports the first sheet); stored files are downloaded when their type is text-like.
/// Anything else (images, PDFs, Office files, folders, forms) is skipped: it has no text to index here.
/// </summary>
internal static class DriveFormats
{
    public const string GoogleDoc = "application/vnd.google-apps.document";
    public const string GoogleSheet = "application/vnd.google-apps.spreadsheet";
    public const string GoogleSlides = "application/vnd.google-apps.presentation";

    private static readonly HashSet<string> TextLikeApplications = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/xml", "application/csv", "application/x-yaml", "application/yaml",
        "application/markdown", "application/x-markdown", "application/javascript", "application/x-sh", "application/sql",
    };

    /// <summary>The way to read a file of <paramref name="mimeType"/>, or null when it is not text.</summary>
    public static DriveFormat? For(string mimeType) => mimeType switch
    {
        GoogleDoc or GoogleSlides => new DriveFormat("text/plain", "text/plain"),
        GoogleSheet => new DriveFormat("text/csv", "text/csv"),
        _ when IsCsv(mimeType) => new DriveFormat(null, "text/csv"),
        _ when IsTextLike(mimeType) => new DriveFormat(null, "text/plain"),
        _ => null,
    };

    private static bool IsCsv(string mimeType) =>
        mimeType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || mimeType.Equals("application/csv", StringComparison.OrdinalIgnoreCase);

    private static bool IsTextLike(string mimeType) =>
        mimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || TextLikeApplications.Contains(mimeType)
        || mimeType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        || mimeType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
}
