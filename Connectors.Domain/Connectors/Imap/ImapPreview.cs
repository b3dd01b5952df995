using MimeKit;
using MimeKit.IO;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// The newest messages a sync of the account would ingest: across the folders its settings select, within its date
/// window, without excluded senders. Each folder is searched from its newest UIDs down, one SEARCH window at a time,
/// until it has enough candidates (at most <see cref="MaxWindowsPerFolder"/> windows); only the newest candidates
/// are fetched. Read-only: EXAMINE-style access through the same mailbox primitives a sync uses, no cursor moves.
/// </summary>
internal static class ImapPreview
{
    public const int MaxWindowsPerFolder = 20;

    public static async Task<IReadOnlyList<PreviewItem>> NewestAsync(
        IImapMailbox mailbox, ImapAccountSettings settings, DateTime? since, int limit, int searchWindow, CancellationToken ct)
    {
        var window = (uint)Math.Max(1, searchWindow);
        var items = new List<PreviewItem>();
        foreach (var folder in (await mailbox.ListFoldersAsync(ct)).Where(f => settings.Syncs(f.Name)))
        {
            var newest = await NewestUidsAsync(mailbox, folder, since, limit, window, ct);
            if (newest.Count == 0)
            {
                continue;
            }

            var fetched = await mailbox.FetchAsync(folder.Name, newest, (uid, message) => ImapDocuments.IsFromExcludedSender(message, settings)
                ? null
                : Item(message, settings, folder, uid), ct);
            items.AddRange(fetched.OfType<PreviewItem>());
        }

        return [.. items.OrderByDescending(i => i.Date ?? DateTime.MinValue).Take(limit)];
    }

    private static async Task<IReadOnlyList<uint>> NewestUidsAsync(
        IImapMailbox mailbox, ImapFolderStatus folder, DateTime? since, int limit, uint window, CancellationToken ct)
    {
        var found = new List<uint>();
        var upTo = folder.UidNext > 0 ? folder.UidNext - 1 : 0;
        for (var round = 0; upTo > 0 && found.Count < limit && round < MaxWindowsPerFolder; round++)
        {
            var after = upTo > window ? upTo - window : 0;
            found.InsertRange(0, await mailbox.SearchAsync(folder.Name, after, upTo, since, ct));
            upTo = after;
        }

        return found.Count <= limit ? found : found[^limit..];
    }

    private static PreviewItem Item(MimeMessage message, ImapAccountSettings settings, ImapFolderStatus folder, uint uid)
    {
        using var measure = new MeasuringStream();
        message.WriteTo(measure);
        return PreviewItem.From(ImapDocuments.From(message, settings, folder, uid), measure.Length);
    }
}
