using Connectors.Domain.Documents;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.GoogleDrive;

internal enum DriveReadOutcome
{
    /// <summary>Read: <see cref="DriveRead.Document"/> is set.</summary>
    Read,

    /// <summary>Not a file with text (an image, a folder): seen, not failed.</summary>
    NotText,

    /// <summary>Over <see cref="GoogleDriveOptions.MaxFileBytes"/>: skipped, and the result says so.</summary>
    TooLarge,

    /// <summary>Drive refused this one file (download disabled by its owner, gone meanwhile): failed.</summary>
    Unreadable,
}

internal sealed record DriveRead(DriveReadOutcome Outcome, DocumentInput? Document = null)
{
    public static DriveRead NotText { get; } = new(DriveReadOutcome.NotText);

    public static DriveRead TooLarge { get; } = new(DriveReadOutcome.TooLarge);

    public static DriveRead Unreadable { get; } = new(DriveReadOutcome.Unreadable);
}

/// <summary>
/// Reads one file as text within the size cap: a stored file's known size is checked before
/// downloading, an export (whose size Drive cannot tell in advance) is cut off while streaming.
/// Rate limits and server errors propagate, failing the run so it is retried from the old cursor.
/// </summary>
internal sealed class DriveFileReader(DriveClient client, long maxBytes)
{
    private Task<DriveAbout>? _accountChecked;

    public async Task<DriveRead> ReadAsync(DriveFile file, CancellationToken ct)
    {
        if (DriveFormats.For(file.MimeType) is not { } format)
        {
            return DriveRead.NotText;
        }

        if (format.ExportAs is null && file.Size > maxBytes)
        {
            return DriveRead.TooLarge;
        }

        string? text;
        try
        {
            text = format.ExportAs is { } exportAs
                ? await client.ExportAsync(file.Id, exportAs, maxBytes, ct)
                : await client.DownloadAsync(file.Id, maxBytes, ct);
        }
        catch (ConnectorConfigurationException)
        {
            return DriveRead.Unreadable; // 404: deleted since it was listed; 400: Drive cannot convert it.
        }
        catch (ConnectorAuthException)
        {
            // Drive answers 403 for a single file too (its owner disabled downloads, an export over Drive's
            // own limit). Only when the account itself is refused does the whole sync stop; once the account
            // answered, it is not asked again for the rest of this sync.
            await (_accountChecked ??= client.AboutAsync(ct));
            return DriveRead.Unreadable;
        }

        return text is null ? DriveRead.TooLarge : new DriveRead(DriveReadOutcome.Read, DriveDocuments.From(file, text, format));
    }
}
