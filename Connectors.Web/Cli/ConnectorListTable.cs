using System.Globalization;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;

namespace Connectors.Web.Cli;

/// <summary>The human-readable <c>connectors list</c>: a heading per connector (name, key, auth kind,
/// configured or the setting to fill in), then its accounts in aligned columns.</summary>
internal static class ConnectorListTable
{
    private static readonly string[] Header = ["LABEL", "STATUS", "PROJECT", "LAST SYNC", "NEXT SYNC"];

    public static IEnumerable<string> Lines(IReadOnlyList<ConnectorSummary> summary)
    {
        foreach (var connector in summary)
        {
            var configured = connector.IsConfigured ? "configured" : $"not configured (set {connector.MissingConfiguration})";
            yield return $"{connector.DisplayName} [{connector.Key}] - {ConnectorListJson.AuthKind(connector.AuthKind)} - {configured}";
            if (connector.Accounts.Count == 0)
            {
                yield return "  (no accounts)";
                continue;
            }

            var rows = connector.Accounts.Select(Row).Prepend(Header).ToList();
            var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                yield return "  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd();
            }
        }
    }

    private static string[] Row(AccountSummary a) =>
    [
        a.Label,
        ConnectorListJson.Kebab(a.Status),
        a.InheritsProject ? $"tenant default ({a.ResolvedProjectKey})" : a.ProjectKey!,
        When(a.LastSyncAt, "never"),
        When(a.NextSyncAt, "not scheduled"),
    ];

    private static string When(DateTime? at, string none) =>
        at?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? none;
}
