using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Connectors.Tests.Fakes;

/// <summary>
/// Notion's public API as the connector uses it, over an in-memory workspace the test edits:
/// <c>POST /v1/search</c> (object filter, last_edited_time sort, <c>page_size</c>/<c>start_cursor</c>),
/// <c>GET /v1/blocks/{id}/children</c> (a page id lists the page's blocks) and <c>GET /v1/users/me</c>,
/// with Notion's JSON field names and errors: 400 <c>missing_version</c> without the
/// <c>Notion-Version</c> header, 401 <c>unauthorized</c> without a live bearer token, 404
/// <c>object_not_found</c>, 400 <c>validation_error</c>. Times are rounded down to the minute, as
/// Notion's are; every change moves the workspace clock by <see cref="Tick"/> first. Token requests to
/// <c>/notion/oauth/token</c> are recorded (<see cref="TokenRequests"/>) to show how the client authenticated.
/// </summary>
public sealed class FakeNotionApi : IFakeProviderApi
{
    public const string Provider = "notion";
    public const string Version = "2022-06-28";

    private static readonly JsonSerializerOptions Json = new();
    private readonly Lock _gate = new();
    private readonly List<FakeNotionPage> _pages = [];
    private DateTime _now = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
    private long _sequence;

    /// <summary>The most results one answer holds, whatever page_size asks for (Notion's is 100);
    /// tests lower it to see pagination with a handful of pages and blocks.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>How far the workspace clock moves before each change.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMinutes(1);

    public string BotId { get; } = Guid.NewGuid().ToString();

    /// <summary>Every token request to <c>/notion/oauth/token</c>, in order.</summary>
    public ConcurrentQueue<FakeNotionTokenRequest> TokenRequests { get; } = new();

    /// <summary>Pages not deleted, archived ones included.</summary>
    public IReadOnlyList<FakeNotionPage> Pages
    {
        get
        {
            lock (_gate)
            {
                return [.. _pages];
            }
        }
    }

    public FakeNotionPage AddPage(string title, params FakeNotionBlock[] blocks)
    {
        lock (_gate)
        {
            var now = Advance();
            var page = new FakeNotionPage(title, now) { Sequence = ++_sequence };
            page.Blocks.AddRange(blocks);
            _pages.Add(page);
            return page;
        }
    }

    /// <summary>Changes a page (title or blocks) and stamps its last_edited_time.</summary>
    public void Edit(FakeNotionPage page, Action<FakeNotionPage> change)
    {
        lock (_gate)
        {
            change(page);
            Touch(page);
        }
    }

    /// <summary>Moves a page to the trash while search still lists it (archived, in_trash).</summary>
    public void Archive(FakeNotionPage page) => Edit(page, p => p.Archived = true);

    /// <summary>The page is gone: search no longer lists it and its blocks answer 404.</summary>
    public void Delete(FakeNotionPage page)
    {
        lock (_gate)
        {
            _pages.Remove(page);
        }
    }

    public void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth)
    {
        if (routes is IApplicationBuilder app)
        {
            app.Use(async (context, next) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == $"/{Provider}/oauth/token")
                {
                    TokenRequests.Enqueue(await FakeNotionTokenRequest.ReadAsync(context.Request));
                }

                await next(context);
            });
        }

        routes.MapGet("/v1/users/me", (HttpRequest request) => Refusal(request, oauth) ?? Results.Json(new Dictionary<string, object?>
        {
            ["object"] = "user",
            ["id"] = BotId,
            ["name"] = "Connectors admin",
            ["avatar_url"] = null,
            ["type"] = "bot",
            ["bot"] = new { owner = new { type = "user", user = new { @object = "user", id = "user-" + oauth.ConsentingUser } }, workspace_name = "Acme" },
        }, Json));
        routes.MapPost("/v1/search", async (HttpRequest request) => Refusal(request, oauth) ?? await SearchAsync(request));
        routes.MapGet("/v1/blocks/{id}/children", (string id, HttpRequest request) => Refusal(request, oauth) ?? Children(id, request));
    }

    private static IResult? Refusal(HttpRequest request, FakeOAuthServer oauth) =>
        request.Headers["Notion-Version"] != Version
            ? Error(400, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.")
            : !oauth.IsAuthorized(request, Provider) ? Error(401, "unauthorized", "API token is invalid.") : null;

    private async Task<IResult> SearchAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var root = body.RootElement;
        if (root.TryGetProperty("filter", out var filter)
            && (filter.GetProperty("property").GetString() != "object" || filter.GetProperty("value").GetString() is not ("page" or "database")))
        {
            return Error(400, "validation_error", "body failed validation: body.filter.value should be `\"page\"` or `\"database\"`.");
        }

        var ascending = root.TryGetProperty("sort", out var sort) && sort.GetProperty("direction").GetString() == "ascending";
        var query = root.TryGetProperty("query", out var q) ? q.GetString() ?? "" : "";
        lock (_gate)
        {
            var pages = filter.ValueKind == JsonValueKind.Object && filter.GetProperty("value").GetString() == "database"
                ? []
                : _pages.Where(p => p.Title.Contains(query, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(p => p.LastEditedTime).ThenByDescending(p => p.Sequence).ToList();
            if (ascending)
            {
                pages.Reverse();
            }

            return Paged(pages, p => p.Id, PageJson, Size(root.TryGetProperty("page_size", out var s) ? s.ToString() : null),
                root.TryGetProperty("start_cursor", out var c) ? c : null, "page_or_database");
        }
    }

    private IResult Children(string id, HttpRequest request)
    {
        lock (_gate)
        {
            var key = Normalize(id);
            var page = _pages.FirstOrDefault(p => Normalize(p.Id) == key);
            var blocks = page?.Blocks ?? _pages.SelectMany(p => Descendants(p.Blocks)).FirstOrDefault(b => Normalize(b.Id) == key)?.Children;
            if (blocks is null)
            {
                return Error(404, "object_not_found", $"Could not find block with ID: {id}. Make sure the relevant pages and databases are shared with your integration.");
            }

            var start = request.Query["start_cursor"].ToString();
            var times = page ?? _pages.First(p => Descendants(p.Blocks).Any(b => Normalize(b.Id) == key));
            return Paged(blocks, b => b.Id, b => BlockJson(b, times), Size(request.Query["page_size"].FirstOrDefault()),
                start.Length == 0 ? null : JsonSerializer.SerializeToElement(start), "block");
        }
    }

    private int? Size(string? requested) =>
        requested is null ? 100 : int.TryParse(requested, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100 ? n : null;

    private IResult Paged<T>(List<T> items, Func<T, string> id, Func<T, object> json, int? size, JsonElement? startCursor, string type)
    {
        if (size is null)
        {
            return Error(400, "validation_error", "body failed validation: page_size should be a number between 1 and 100.");
        }

        var start = 0;
        if (startCursor is { } cursor)
        {
            start = cursor.ValueKind == JsonValueKind.String ? items.FindIndex(i => id(i) == cursor.GetString()) : -1;
            if (start < 0)
            {
                return Error(400, "validation_error", $"body failed validation: start_cursor should be a valid cursor, instead was `{cursor.GetRawText()}`.");
            }
        }

        var taken = items.Skip(start).Take(Math.Min(size.Value, MaxPageSize)).ToList();
        var more = start + taken.Count < items.Count;
        return Results.Json(new Dictionary<string, object?>
        {
            ["object"] = "list",
            ["results"] = taken.Select(json).ToList(),
            ["next_cursor"] = more ? id(items[start + taken.Count]) : null,
            ["has_more"] = more,
            ["type"] = type,
            [type] = new { },
            ["request_id"] = Guid.NewGuid().ToString(),
        }, Json);
    }

    private static Dictionary<string, object?> PageJson(FakeNotionPage page) => new()
    {
        ["object"] = "page",
        ["id"] = page.Id,
        ["created_time"] = Time(page.CreatedTime),
        ["last_edited_time"] = Time(page.LastEditedTime),
        ["created_by"] = new { @object = "user", id = page.AuthorId },
        ["last_edited_by"] = new { @object = "user", id = page.AuthorId },
        ["cover"] = null,
        ["icon"] = null,
        ["parent"] = new { type = "workspace", workspace = true },
        ["archived"] = page.Archived,
        ["in_trash"] = page.Archived,
        ["properties"] = new Dictionary<string, object>
        {
            ["Tags"] = new { id = "tgs", type = "multi_select", multi_select = Array.Empty<object>() },
            [page.TitleProperty] = new { id = "title", type = "title", title = new[] { RichText(page.Title) } },
        },
        ["url"] = page.Url,
        ["public_url"] = null,
    };

    private static Dictionary<string, object?> BlockJson(FakeNotionBlock block, FakeNotionPage page) => new()
    {
        ["object"] = "block",
        ["id"] = block.Id,
        ["created_time"] = Time(page.CreatedTime),
        ["last_edited_time"] = Time(page.LastEditedTime),
        ["has_children"] = block.ChildPage is { } child ? child.Blocks.Count > 0 : block.Children.Count > 0,
        ["archived"] = false,
        ["in_trash"] = false,
        ["type"] = block.Type,
        [block.Type] = block.Type switch
        {
            "child_page" => new Dictionary<string, object?> { ["title"] = block.ChildPage?.Title ?? block.Text[0] },
            "divider" => new Dictionary<string, object?>(),
            "table_row" => new Dictionary<string, object?> { ["cells"] = block.Text.Select(cell => new[] { RichText(cell) }).ToList() },
            _ => new Dictionary<string, object?>
            {
                ["rich_text"] = block.Text.Select(RichText).ToList(),
                ["color"] = "default",
                ["checked"] = block.Checked,
                ["language"] = block.Language,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
        },
    };

    private static object RichText(string text) => new
    {
        type = "text",
        text = new { content = text, link = (object?)null },
        annotations = new { bold = false, italic = false, strikethrough = false, underline = false, code = false, color = "default" },
        plain_text = text,
        href = (string?)null,
    };

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { @object = "error", status, code, message, request_id = Guid.NewGuid().ToString() }, Json, statusCode: status);

    private static IEnumerable<FakeNotionBlock> Descendants(IEnumerable<FakeNotionBlock> blocks) =>
        blocks.SelectMany(b => Descendants(b.Children).Prepend(b));

    private static string Normalize(string id) => id.Replace("-", "", StringComparison.Ordinal);

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private DateTime Advance()
    {
        _now += Tick;
        return new DateTime(_now.Ticks - (_now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
    }

    private void Touch(FakeNotionPage page)
    {
        page.LastEditedTime = Advance();
        page.Sequence = ++_sequence;
    }
}

/// <summary>A page of the fake workspace; change it through <see cref="FakeNotionApi.Edit"/>.</summary>
public sealed class FakeNotionPage(string title, DateTime created)
{
    public string Id { get; } = Guid.NewGuid().ToString();

    public string Title { get; set; } = title;

    /// <summary>The name of the title property: "title" for workspace pages, e.g. "Name" for database rows.</summary>
    public string TitleProperty { get; set; } = "title";

    public List<FakeNotionBlock> Blocks { get; } = [];

    public DateTime CreatedTime { get; } = created;

    public DateTime LastEditedTime { get; internal set; } = created;

    public bool Archived { get; set; }

    public string AuthorId { get; } = Guid.NewGuid().ToString();

    public string Url => $"https://www.notion.so/{string.Concat(Title.Where(char.IsLetterOrDigit))}-{Id.Replace("-", "", StringComparison.Ordinal)}";

    internal long Sequence { get; set; }
}

/// <summary>A block; its text is one rich text segment per string (table rows: one cell per string).</summary>
public sealed class FakeNotionBlock(string type, params string[] text)
{
    public string Id { get; } = Guid.NewGuid().ToString();

    public string Type { get; } = type;

    public string[] Text { get; set; } = text;

    public bool? Checked { get; init; }

    public string? Language { get; init; }

    public List<FakeNotionBlock> Children { get; } = [];

    /// <summary>For a child_page block: the page it stands for (same id, as in Notion).</summary>
    public FakeNotionPage? ChildPage { get; private init; }

    public static FakeNotionBlock Paragraph(params string[] text) => new("paragraph", text);

    public static FakeNotionBlock Heading(int level, string text) => new($"heading_{level}", text);

    public static FakeNotionBlock Bullet(string text, params FakeNotionBlock[] children) => new FakeNotionBlock("bulleted_list_item", text).With(children);

    public static FakeNotionBlock ToDo(string text, bool done) => new("to_do", text) { Checked = done };

    public static FakeNotionBlock Code(string language, string text) => new("code", text) { Language = language };

    public static FakeNotionBlock SubPage(FakeNotionPage page) => new("child_page", page.Title) { ChildPage = page };

    public FakeNotionBlock With(params FakeNotionBlock[] children)
    {
        Children.AddRange(children);
        return this;
    }
}

/// <summary>How a client authenticated one token request (Notion: HTTP Basic and a JSON body).</summary>
public sealed record FakeNotionTokenRequest(bool BasicAuthentication, bool JsonBody, bool SecretInBody, string? GrantType)
{
    internal static async Task<FakeNotionTokenRequest> ReadAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        var json = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        string? grant = null;
        if (json)
        {
            using var doc = JsonDocument.Parse(body);
            grant = doc.RootElement.TryGetProperty("grant_type", out var g) ? g.GetString() : null;
        }

        return new FakeNotionTokenRequest(
            request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal),
            json,
            body.Contains("client_secret", StringComparison.Ordinal),
            grant);
    }
}
