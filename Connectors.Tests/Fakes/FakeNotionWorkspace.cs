using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connectors.Tests.Fakes;

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

    /// <summary>The page it sits in (null with <see cref="ParentDatabaseId"/> also null: the workspace's top).</summary>
    public string? ParentPageId { get; set; }

    /// <summary>The database it is a row of.</summary>
    public string? ParentDatabaseId { get; set; }

    public string AuthorId { get; } = Guid.NewGuid().ToString();

    public string Url => $"https://www.notion.so/{string.Concat(Title.Where(char.IsLetterOrDigit))}-{Id.Replace("-", "", StringComparison.Ordinal)}";

    internal long Sequence { get; set; }
}

/// <summary>A database of the fake workspace: its rows are pages whose <see cref="FakeNotionPage.ParentDatabaseId"/> is its id.</summary>
public sealed record FakeNotionDatabase(string Id, string Title, string? ParentPageId);

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
