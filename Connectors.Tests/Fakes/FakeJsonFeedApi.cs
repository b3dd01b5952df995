using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Connectors.Tests.Fakes;

/// <summary>An item the fake feed holds; tests add and remove them between syncs.</summary>
public sealed record FakeFeedItem(string Id, string Title, string Html, DateTimeOffset Published, string Author = "Ada Lovelace");

/// <summary>
/// A private JSON Feed 1.1 (jsonfeed.org) at <c>GET /feeds/team.json</c>: a bearer token (401 otherwise), the
/// newest items first, <see cref="PageSize"/> items a page and a <c>next_url</c> while older ones follow —
/// the shape the guide's connector (docs/adding-a-connector.md) reads.
/// </summary>
public sealed class FakeJsonFeedApi : IFakeProviderApi
{
    public const string Path = "/feeds/team.json";
    public const string Token = "feed-token-3c9e-fake";

    private readonly Lock _lock = new();
    private readonly List<FakeFeedItem> _items = [];

    public int PageSize { get; set; } = 2;

    public FakeFeedItem Add(string title, string html, DateTimeOffset published)
    {
        lock (_lock)
        {
            var item = new FakeFeedItem($"urn:fake-feed:{_items.Count + 1}", title, html, published);
            _items.Add(item);
            return item;
        }
    }

    public void Remove(string id)
    {
        lock (_lock)
        {
            _items.RemoveAll(i => i.Id == id);
        }
    }

    public void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth) =>
        routes.MapGet(Path, (HttpRequest request) => request.Headers.Authorization.ToString() == $"Bearer {Token}"
            ? Results.Json(Page(request))
            : Results.Json(new { message = "A valid access token is required." }, statusCode: 401));

    private JsonObject Page(HttpRequest request)
    {
        var page = int.TryParse(request.Query["page"], CultureInfo.InvariantCulture, out var n) && n > 1 ? n : 1;
        var home = $"{request.Scheme}://{request.Host}";
        List<FakeFeedItem> all;
        lock (_lock)
        {
            all = [.. _items.OrderByDescending(i => i.Published)];
        }

        var feed = new JsonObject
        {
            ["version"] = "https://jsonfeed.org/version/1.1",
            ["title"] = "Acme team news",
            ["home_page_url"] = home,
            ["feed_url"] = $"{home}{Path}",
            ["items"] = new JsonArray([.. all.Skip((page - 1) * PageSize).Take(PageSize).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = i.Id,
                ["url"] = $"{home}/news/{Uri.EscapeDataString(i.Id)}",
                ["title"] = i.Title,
                ["content_html"] = i.Html,
                ["date_published"] = i.Published.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                ["authors"] = new JsonArray(new JsonObject { ["name"] = i.Author }),
            })]),
        };
        if (page * PageSize < all.Count)
        {
            feed["next_url"] = $"{home}{Path}?page={page + 1}";
        }

        return feed;
    }
}
