using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Tests.Fakes;

/// <summary>A page the fake site holds; tests edit and delete them between syncs.</summary>
public sealed record FakeConfluencePage(
    string Id, string SpaceKey, string Title, string Storage, DateTimeOffset Created, DateTimeOffset Modified, int Version,
    string AuthorName, string AuthorEmail, bool Trashed = false)
{
    /// <summary>The page's labels (<c>label not in (…)</c> leaves it out).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>
/// A Confluence Cloud site under <c>/wiki/rest/api/…</c> speaking the REST API v1's shapes: HTTP Basic with
/// an Atlassian email and API token (401 otherwise), <c>user/current</c>, <c>settings/systemInfo</c>, and
/// <c>content/search</c> with a CQL subset (<c>type=page</c>, <c>space in (…)</c> / <c>space = …</c>,
/// <c>lastmodified &gt;= "yyyy-MM-dd HH:mm"</c> read in <see cref="TimeZone"/>, <c>label not in ("…", …)</c>, <c>id in (…)</c>, <c>order by created</c> or <c>order by lastmodified desc</c>;
/// anything else is a 400), <c>start</c>/<c>limit</c> paging with a <c>_links.next</c> that carries an
/// opaque cursor like Cloud's, and <c>expand</c> honoured (body.storage, version, space, history).
/// Trashed pages vanish from search, as on the real site.
/// </summary>
public sealed partial class FakeConfluenceApi : IFakeProviderApi
{
    public const string Email = "reader@acme.test";
    public const string ApiToken = "ATATT3xFfGF0-fake-Confluence-Token-7f3a";

    private readonly Lock _lock = new();
    private readonly List<FakeConfluencePage> _pages = [];
    private int _nextId = 65537;

    /// <summary>The site's default time zone (<c>systemInfo.defaultTimeZone</c>), in which CQL dates are read.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The most results one response holds, whatever <c>limit</c> asked (Cloud caps it too).</summary>
    public int MaxLimit { get; set; } = 25;

    public FakeConfluencePage AddPage(string spaceKey, string title, string storage, DateTimeOffset modified, string author = "Ada Lovelace", string email = "")
    {
        lock (_lock)
        {
            var page = new FakeConfluencePage((_nextId++).ToString(CultureInfo.InvariantCulture), spaceKey, title, storage, modified, modified, 1, author, email);
            _pages.Add(page);
            return page;
        }
    }

    public void Edit(string id, string storage, DateTimeOffset modified, string? title = null) => Change(id, p => p with
    {
        Storage = storage, Modified = modified, Version = p.Version + 1, Title = title ?? p.Title,
    });

    /// <summary>Adds a label to the page (not a change of its content: its modification time stays).</summary>
    public void AddLabel(string id, string label) => Change(id, p => p with { Labels = [.. p.Labels, label] });

    /// <summary>Moves the page to the trash: it no longer appears in search.</summary>
    public void Trash(string id) => Change(id, p => p with { Trashed = true });

    public void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth)
    {
        routes.MapGet("/wiki/rest/api/user/current", (HttpRequest request) => Authorized(request)
            ? Results.Json(User("Reader", Email))
            : Unauthorized());
        routes.MapGet("/wiki/rest/api/settings/systemInfo", (HttpRequest request) => Authorized(request)
            ? Results.Json(new JsonObject
            {
                ["cloudId"] = "fake-cloud-id", ["commitHash"] = "fake", ["baseUrl"] = Base(request), ["edition"] = "standard",
                ["siteTitle"] = "Acme", ["defaultLocale"] = "en_US", ["defaultTimeZone"] = TimeZone,
            })
            : Unauthorized());
        routes.MapGet("/wiki/rest/api/content/search", (HttpRequest request) => Authorized(request) ? Search(request) : Unauthorized());
    }

    private IResult Search(HttpRequest request)
    {
        var cql = request.Query["cql"].ToString();
        if (Filter(cql) is not { } filter)
        {
            return Results.Json(new JsonObject { ["statusCode"] = 400, ["message"] = $"Could not parse cql : {cql}" }, statusCode: 400);
        }

        var start = request.Query["cursor"].ToString() is { Length: > 0 } cursor
            ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture)
            : int.TryParse(request.Query["start"], out var s) ? s : 0;
        var limit = Math.Min(int.TryParse(request.Query["limit"], out var l) ? l : 25, MaxLimit);
        var expand = request.Query["expand"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        List<FakeConfluencePage> matching;
        lock (_lock)
        {
            var visible = _pages.Where(p => !p.Trashed && filter(p));
            matching = NewestFirst().IsMatch(cql.Trim())
                ? [.. visible.OrderByDescending(p => p.Modified).ThenByDescending(p => int.Parse(p.Id, CultureInfo.InvariantCulture))]
                : [.. visible.OrderBy(p => p.Created).ThenBy(p => int.Parse(p.Id, CultureInfo.InvariantCulture))];
        }

        var slice = matching.Skip(start).Take(limit).ToList();
        var links = new JsonObject { ["base"] = Base(request), ["context"] = "/wiki", ["self"] = $"{Base(request)}/rest/api/content/search" };
        if (start + slice.Count < matching.Count)
        {
            var next = start + slice.Count;
            links["next"] = QueryHelpers.AddQueryString("/rest/api/content/search", new Dictionary<string, string?>
            {
                ["next"] = "true", ["cursor"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture))),
                ["expand"] = expand.Count == 0 ? null : string.Join(',', expand), ["limit"] = limit.ToString(CultureInfo.InvariantCulture),
                ["start"] = next.ToString(CultureInfo.InvariantCulture), ["cql"] = cql,
            });
        }

        return Results.Json(new JsonObject
        {
            ["results"] = new JsonArray([.. slice.Select(p => (JsonNode)Content(p, expand, Base(request)))]),
            ["start"] = start, ["limit"] = limit, ["size"] = slice.Count, ["totalSize"] = matching.Count,
            ["cqlQuery"] = cql, ["searchDuration"] = 3, ["_links"] = links,
        });
    }

    private static JsonObject Content(FakeConfluencePage p, HashSet<string> expand, string wikiBase)
    {
        var content = new JsonObject { ["id"] = p.Id, ["type"] = "page", ["status"] = "current", ["title"] = p.Title };
        var expandable = new JsonObject();
        void Add(string name, bool expanded, Func<JsonNode> value)
        {
            if (expanded)
            {
                content[name] = value();
            }
            else
            {
                expandable[name] = $"/rest/api/content/{p.Id}/{name}";
            }
        }

        Add("space", expand.Contains("space"), () => new JsonObject { ["key"] = p.SpaceKey, ["name"] = p.SpaceKey + " space", ["type"] = "global", ["status"] = "current" });
        Add("history", expand.Contains("history"), () => new JsonObject
        {
            ["latest"] = true, ["createdBy"] = User(p.AuthorName, p.AuthorEmail), ["createdDate"] = Iso(p.Created),
        });
        Add("version", expand.Contains("version"), () => new JsonObject
        {
            ["by"] = User(p.AuthorName, p.AuthorEmail), ["when"] = Iso(p.Modified), ["number"] = p.Version, ["minorEdit"] = false,
        });
        Add("body", expand.Contains("body.storage"), () => new JsonObject
        {
            ["storage"] = new JsonObject { ["value"] = p.Storage, ["representation"] = "storage" },
        });
        content["_expandable"] = expandable;
        content["_links"] = new JsonObject
        {
            ["webui"] = $"/spaces/{p.SpaceKey}/pages/{p.Id}/{Uri.EscapeDataString(p.Title.Replace(' ', '+'))}",
            ["tinyui"] = $"/x/{p.Id}", ["self"] = $"{wikiBase}/rest/api/content/{p.Id}",
        };
        return content;
    }

    /// <summary>The CQL subset as a predicate; null when the query uses anything else.</summary>
    private Func<FakeConfluencePage, bool>? Filter(string cql)
    {
        var body = NewestFirst().Replace(OrderByCreated().Replace(cql.Trim(), ""), "");
        var tests = new List<Func<FakeConfluencePage, bool>>();
        foreach (var clause in Regex.Split(body, @"\s+AND\s+", RegexOptions.IgnoreCase))
        {
            if (TypePage().IsMatch(clause))
            {
                continue;
            }

            if (SpaceIn().Match(clause) is { Success: true } space)
            {
                var keys = space.Groups["keys"].Value.Split(',').Select(k => k.Trim().Trim('"')).ToHashSet(StringComparer.Ordinal);
                tests.Add(p => keys.Contains(p.SpaceKey));
            }
            else if (LabelNotIn().Match(clause) is { Success: true } labels)
            {
                var excluded = Regex.Matches(labels.Groups["labels"].Value, @"""((?:[^""\\]|\\.)*)""").Select(m => Regex.Unescape(m.Groups[1].Value))
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
                tests.Add(p => !p.Labels.Any(excluded.Contains));
            }
            else if (IdIn().Match(clause) is { Success: true } idIn)
            {
                var ids = idIn.Groups["ids"].Value.Split(',').Select(i => i.Trim()).ToHashSet(StringComparer.Ordinal);
                tests.Add(p => ids.Contains(p.Id));
            }
            else if (LastModified().Match(clause) is { Success: true } modified)
            {
                var local = DateTime.ParseExact(modified.Groups["when"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var since = TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
                tests.Add(p => p.Modified.UtcDateTime >= since);
            }
            else
            {
                return null;
            }
        }

        return p => tests.TrueForAll(t => t(p));
    }

    private void Change(string id, Func<FakeConfluencePage, FakeConfluencePage> change)
    {
        lock (_lock)
        {
            var index = _pages.FindIndex(p => p.Id == id);
            _pages[index] = change(_pages[index]);
        }
    }

    /// <summary>The API token the site accepts now (an admin rotating it at Atlassian changes it).</summary>
    public string AcceptedToken { get; set; } = ApiToken;

    private bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{AcceptedToken}"));

    private static IResult Unauthorized() =>
        Results.Json(new JsonObject { ["statusCode"] = 401, ["message"] = "Client must be authenticated to access this resource." }, statusCode: 401);

    private static JsonObject User(string name, string email) => new()
    {
        ["type"] = "known", ["accountId"] = "557058:" + name.GetHashCode(StringComparison.Ordinal).ToString("x", CultureInfo.InvariantCulture),
        ["accountType"] = "atlassian", ["email"] = email, ["publicName"] = name, ["displayName"] = name,
    };

    private static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}/wiki";

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+order\s+by\s+created(\s+asc)?$", RegexOptions.IgnoreCase)]
    private static partial Regex OrderByCreated();

    [GeneratedRegex(@"\s+order\s+by\s+lastmodified\s+desc$", RegexOptions.IgnoreCase)]
    private static partial Regex NewestFirst();

    [GeneratedRegex(@"^type\s*=\s*""?page""?$", RegexOptions.IgnoreCase)]
    private static partial Regex TypePage();

    [GeneratedRegex(@"^space\s*(in\s*\((?<keys>[^)]*)\)|=\s*(?<keys>""?[^""\s]+""?))$", RegexOptions.IgnoreCase)]
    private static partial Regex SpaceIn();

    [GeneratedRegex(@"^label\s+not\s+in\s*\((?<labels>.*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelNotIn();

    [GeneratedRegex(@"^id\s+in\s*\((?<ids>[0-9,\s]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex IdIn();

    [GeneratedRegex(@"^lastmodified\s*>=\s*""(?<when>\d{4}-\d{2}-\d{2} \d{2}:\d{2})""$", RegexOptions.IgnoreCase)]
    private static partial Regex LastModified();
}
