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
            SourceUrl: $"imap://{Uri.EscapeDataString(settings.Username)}@{settings.Host}/{Uri.EscapeDataString(folder.Name)};UIDVALIDITY={folder.UidValidity}/;UID={uid}",
            Author: sender is null ? null : string.IsNullOrWhiteSpace(sender.Name) ? sender.Address : $"{sender.Name} <{sender.Address}>",
            SourceCreatedAt: message.Date == DateTimeOffset.MinValue ? null : message.Date.UtcDateTime,
            SourceUpdatedAt: null);
    }

    public static bool IsFromExcludedSender(MimeMessage message, ImapAccountSettings settings) =>
        settings.ExcludeSenders.Count > 0
        && message.From.Mailboxes.Any(m => settings.ExcludeSenders.Contains(m.Address, StringComparer.OrdinalIgnoreCase));
}
