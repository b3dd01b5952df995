using Connectors.Domain.Documents;
using MimeKit;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>One message → one document: subject as title, sender as author, date, and the plain
/// text body (HTML converted to text when there is no plain part). The external id is the
/// Message-ID, so a message re-listed under a new UIDVALIDITY is recognised, not duplicated.</summary>
public static class ImapDocuments
{
    public static DocumentInput From(MimeMessage message, ImapAccountSettings settings, ImapFolderStatus folder, uint uid)
    {
        var body = message.TextBody is { Length: > 0 } text
            ? text.Trim()
            : message.HtmlBody is { Length: > 0 } html ? HtmlText.Convert(html) : "";
        var sender = message.From.Mailboxes.FirstOrDefault();
        return new DocumentInput(
            ExternalId: string.IsNullOrWhiteSpace(message.MessageId) ? $"{folder.Name}/{folder.UidValidity}/{uid}" : $"<{message.MessageId}>",
            Title: string.IsNullOrWhiteSpace(message.Subject) ? "(no subject)" : message.Subject.Trim(),
            Content: body,
            MimeType: "text/plain",
            SourceUrl: ValidityPrefix(settings, folder.Name, folder.UidValidity) + uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Author: sender is null ? null : string.IsNullOrWhiteSpace(sender.Name) ? sender.Address : $"{sender.Name} <{sender.Address}>",
            SourceCreatedAt: message.Date == DateTimeOffset.MinValue ? null : message.Date.UtcDateTime,
            SourceUpdatedAt: null);
    }

    /// <summary>Where a folder's messages are read from (RFC 5092 IMAP URLs): every source URL of the folder starts with this.</summary>
    public static string FolderPrefix(ImapAccountSettings settings, string folder) =>
        $"imap://{Uri.EscapeDataString(settings.Username)}@{settings.Host}/{Uri.EscapeDataString(folder)};";

    /// <summary>The source URLs of a folder under one UIDVALIDITY start with this; the UID follows.</summary>
    public static string ValidityPrefix(ImapAccountSettings settings, string folder, uint uidValidity) =>
        $"{FolderPrefix(settings, folder)}UIDVALIDITY={uidValidity}/;UID=";

    /// <summary>The UID at the end of a source URL made with <see cref="ValidityPrefix"/>.</summary>
    public static uint? UidOf(string sourceUrl) =>
        sourceUrl.LastIndexOf(";UID=", StringComparison.Ordinal) is var at and >= 0
        && uint.TryParse(sourceUrl.AsSpan(at + 5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid)
            ? uid
            : null;

    public static bool IsFromExcludedSender(MimeMessage message, ImapAccountSettings settings) =>
        settings.ExcludeSenders.Count > 0
        && message.From.Mailboxes.Any(m => settings.ExcludeSenders.Contains(m.Address, StringComparer.OrdinalIgnoreCase));
}
