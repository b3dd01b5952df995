using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Connectors.Tests.Fakes;

/// <summary>The HTTP surface of <see cref="FakeNotionApi"/>: search, block children and users/me in Notion's JSON shapes and errors.</summary>
public sealed partial class FakeNotionApi
{
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
            if (filter.ValueKind == JsonValueKind.Object && filter.GetProperty("value").GetString() == "database")
            {
                return Paged([.. _databases.Where(d => d.Title.Contains(query, StringComparison.OrdinalIgnoreCase))], d => d.Id, DatabaseJson,
                    Size(root.TryGetProperty("page_size", out var ds) ? ds.ToString() : null), root.TryGetProperty("start_cursor", out var dc) ? dc : null,
                    "page_or_database");
            }

            var pages = _pages.Where(p => p.Title.Contains(query, StringComparison.OrdinalIgnoreCase))
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
        ["parent"] = Parent(page.ParentPageId, page.ParentDatabaseId),
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

    private static object Parent(string? pageId, string? databaseId) =>
        pageId is not null ? new { type = "page_id", page_id = pageId }
        : databaseId is not null ? new { type = "database_id", database_id = databaseId }
        : new { type = "workspace", workspace = true };

    private static Dictionary<string, object?> DatabaseJson(FakeNotionDatabase database) => new()
    {
        ["object"] = "database",
        ["id"] = database.Id,
        ["title"] = new[] { RichText(database.Title) },
        ["parent"] = Parent(database.ParentPageId, null),
        ["url"] = $"https://www.notion.so/{database.Id.Replace("-", "", StringComparison.Ordinal)}",
        ["archived"] = false,
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
}
