using System.Globalization;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Accounts;

/// <summary>How the accounts table is ordered. Every order ends on the label, then the id, so pages never
/// overlap or skip an account.</summary>
public enum AccountSort
{
    /// <summary>Case-insensitive label.</summary>
    Label,
    /// <summary>Worst first: Error, Needs reconnect, Pending, Active, Paused.</summary>
    Status,
    /// <summary>Last sync attempt, oldest first; never synced first.</summary>
    LastSync,
    /// <summary>Next scheduled sync, soonest first; unscheduled last.</summary>
    NextSync,
    /// <summary>Outcome of the newest run, worst first: failed, partly succeeded, cancelled, running, queued,
    /// succeeded; never run last.</summary>
    LastOutcome,
}

/// <summary>
/// One view of the accounts table across connectors — what the page keeps in its URL and the API reads from
/// its query string: free text (<see cref="Q"/>: label, connector, project), statuses (any of), one connector,
/// one project (the project the account ingests into, inherited or bound), stale only, the order and the page.
/// </summary>
public sealed record AccountTableQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxSearchLength = 200;

    public string? Q { get; init; }
    public IReadOnlyList<InstallationStatus> Statuses { get; init; } = [];
    public string? Connector { get; init; }
    public string? Project { get; init; }
    public bool StaleOnly { get; init; }
    public AccountSort Sort { get; init; } = AccountSort.Label;
    public bool Descending { get; init; }
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>True when nothing narrows the table (every account of the tenant matches).</summary>
    public bool IsUnfiltered => string.IsNullOrWhiteSpace(Q) && Statuses.Count == 0 && Connector is null && Project is null && !StaleOnly;

    /// <summary>The URL form of a status: kebab-case (<c>needs-reconnect</c>).</summary>
    public static string StatusName(InstallationStatus status) => status switch
    {
        InstallationStatus.NeedsReconnect => "needs-reconnect",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>The URL form of an order, <c>-</c> in front when descending (<c>-last-sync</c>).</summary>
    public static string SortName(AccountSort sort, bool descending) => (descending ? "-" : "") + sort switch
    {
        AccountSort.LastSync => "last-sync",
        AccountSort.NextSync => "next-sync",
        AccountSort.LastOutcome => "last-outcome",
        _ => sort.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Reads the query-string form (<c>q</c>, <c>status</c> repeated, <c>connector</c>, <c>project</c>,
    /// <c>stale</c>, <c>sort</c>, <c>page</c>, <c>pageSize</c>). A value it cannot read fails with the parameter's
    /// name and what it accepts; nothing is guessed.
    /// </summary>
    public static AccountTableQuery Parse(Func<string, IReadOnlyList<string>> values)
    {
        var errors = new Dictionary<string, string>();
        string? Single(string name)
        {
            var all = values(name).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
            if (all.Count > 1)
            {
                errors[name] = $"{name} may be given once.";
            }

            return all.Count == 0 ? null : all[0].Trim();
        }

        var q = Single("q");
        if (q is { Length: > MaxSearchLength })
        {
            errors["q"] = $"q may be at most {MaxSearchLength} characters.";
        }

        var statuses = new List<InstallationStatus>();
        foreach (var raw in values("status").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var status = Enum.GetValues<InstallationStatus>().Where(s => string.Equals(StatusName(s), raw, StringComparison.OrdinalIgnoreCase)).Select(s => (InstallationStatus?)s).FirstOrDefault();
            if (status is null)
            {
                errors["status"] = $"status '{Shorten(raw)}' is not one of {string.Join(", ", Enum.GetValues<InstallationStatus>().Select(StatusName))}.";
            }
            else if (!statuses.Contains(status.Value))
            {
                statuses.Add(status.Value);
            }
        }

        var stale = Single("stale") is { } staleText
            ? bool.TryParse(staleText, out var s) ? s : Fail(errors, "stale", "stale must be true or false.", false)
            : false;
        var (sort, descending) = (AccountSort.Label, false);
        if (Single("sort") is { } sortText)
        {
            var match = Enum.GetValues<AccountSort>().SelectMany(o => new[] { (o, false), (o, true) })
                .Where(o => string.Equals(SortName(o.Item1, o.Item2), sortText, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1)
            {
                (sort, descending) = match[0];
            }
            else
            {
                errors["sort"] = $"sort '{Shorten(sortText)}' is not one of {string.Join(", ", Enum.GetValues<AccountSort>().Select(o => SortName(o, false)))} (a leading '-' sorts descending).";
            }
        }

        var page = Number(Single("page"), "page", 1, 1, int.MaxValue, errors);
        var pageSize = Number(Single("pageSize"), "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return new AccountTableQuery
        {
            Q = q,
            Statuses = statuses,
            Connector = Single("connector"),
            Project = Single("project"),
            StaleOnly = stale,
            Sort = sort,
            Descending = descending,
            Page = page,
            PageSize = pageSize,
        };
    }

    /// <summary>The query-string form of this view (defaults left out), for links and bookmarks.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToParameters()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            parameters.Add(new("q", Q.Trim()));
        }

        parameters.AddRange(Statuses.Select(s => new KeyValuePair<string, string>("status", StatusName(s))));
        if (Connector is not null)
        {
            parameters.Add(new("connector", Connector));
        }

        if (Project is not null)
        {
            parameters.Add(new("project", Project));
        }

        if (StaleOnly)
        {
            parameters.Add(new("stale", "true"));
        }

        if (Sort != AccountSort.Label || Descending)
        {
            parameters.Add(new("sort", SortName(Sort, Descending)));
        }

        if (Page != 1)
        {
            parameters.Add(new("page", Page.ToString(CultureInfo.InvariantCulture)));
        }

        if (PageSize != DefaultPageSize)
        {
            parameters.Add(new("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)));
        }

        return parameters;
    }

    private static int Number(string? text, string name, int fallback, int min, int max, Dictionary<string, string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Fail(errors, name, max == int.MaxValue ? $"{name} must be a whole number of at least {min}." : $"{name} must be a whole number from {min} to {max}.", fallback);
    }

    private static T Fail<T>(Dictionary<string, string> errors, string name, string message, T fallback)
    {
        errors[name] = message;
        return fallback;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
