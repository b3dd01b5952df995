using Connectors.Domain.Connectors;
using Connectors.Domain.Sync;

namespace Connectors.Domain.Accounts;

/// <summary>The summary's builder: account rows shaped into their connectors' lists as they stream in.</summary>
public sealed partial class AccountQueries
{
    /// <summary>
    /// Builds the summary from the account rows as they are read: every account goes straight into its
    /// connector's list as an <see cref="AccountSummary"/> (no re-grouping of the whole list per connector, no
    /// intermediate entities); <see cref="Build"/> sorts each connector's accounts by label in the current
    /// culture's case-insensitive order, ties in the order read (as a stable sort would).
    /// </summary>
    internal sealed class SummaryBuilder
    {
        private readonly IReadOnlyList<IConnector> _connectors;
        private readonly Dictionary<string, int> _bucketOf;
        private readonly List<AccountSummary>[] _buckets;
        private readonly int[] _inheritedCadence;
        private readonly string? _defaultProject;
        private readonly Dictionary<Guid, LastRunSummary> _lastRuns;
        private readonly Dictionary<Guid, string[]> _targets;

        public SummaryBuilder(
            IReadOnlyList<IConnector> connectors, ConnectorsOptions settings, string? defaultProject, Dictionary<Guid, LastRunSummary> lastRuns,
            Dictionary<Guid, string[]>? targets = null)
        {
            _connectors = connectors;
            _defaultProject = defaultProject;
            _lastRuns = lastRuns;
            _targets = targets ?? [];
            _bucketOf = new Dictionary<string, int>(connectors.Count, StringComparer.Ordinal);
            foreach (var connector in connectors)
            {
                _bucketOf.TryAdd(connector.Key, _bucketOf.Count);
            }

            _buckets = new List<AccountSummary>[_bucketOf.Count];
            _inheritedCadence = new int[_bucketOf.Count];
            foreach (var (key, b) in _bucketOf)
            {
                _buckets[b] = [];
                _inheritedCadence[b] = SyncSchedule.CadenceMinutes(null, key, settings);
            }
        }

        /// <summary>Shapes one account; one of a connector no longer registered is not listed.</summary>
        public void Add(AccountRow row)
        {
            if (_bucketOf.TryGetValue(row.ConnectorKey, out var b))
            {
                _buckets[b].Add(ToSummary(row, _defaultProject, _lastRuns.GetValueOrDefault(row.Id), _inheritedCadence[b], _targets.GetValueOrDefault(row.Id)));
            }
        }

        public IReadOnlyList<ConnectorSummary> Build()
        {
            var comparer = StringComparer.CurrentCultureIgnoreCase;
            var sorted = new AccountSummary[_buckets.Length][];
            for (var b = 0; b < _buckets.Length; b++)
            {
                var accounts = _buckets[b];
                var order = new int[accounts.Count];
                var labels = new string[accounts.Count];
                for (var k = 0; k < order.Length; k++)
                {
                    order[k] = k;
                    labels[k] = accounts[k].Label;
                }

                Array.Sort(order, (x, y) => comparer.Compare(labels[x], labels[y]) is var c and not 0 ? c : x.CompareTo(y));
                var list = new AccountSummary[order.Length];
                for (var k = 0; k < order.Length; k++)
                {
                    list[k] = accounts[order[k]];
                }

                sorted[b] = list;
            }

            var summary = new ConnectorSummary[_connectors.Count];
            for (var c = 0; c < summary.Length; c++)
            {
                summary[c] = Summarize(_connectors[c], sorted[_bucketOf[_connectors[c].Key]]);
            }

            return summary;
        }
    }
}
