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
public sealed partial class FakeNotionApi : IFakeProviderApi
{
    public const string Provider = "notion";
    public const string Version = "2022-06-28";

    private static readonly JsonSerializerOptions Json = new();
    private readonly Lock _gate = new();
    private readonly List<FakeNotionPage> _pages = [];
    private readonly List<FakeNotionDatabase> _databases = [];
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

    /// <summary>A database in <paramref name="parent"/> (the workspace's top when null); add rows with <see cref="AddPage"/> and
    /// <see cref="FakeNotionPage.ParentDatabaseId"/>.</summary>
    public FakeNotionDatabase AddDatabase(string title, FakeNotionPage? parent = null)
    {
        lock (_gate)
        {
            var database = new FakeNotionDatabase(Guid.NewGuid().ToString(), title, parent?.Id);
            _databases.Add(database);
            return database;
        }
    }

    /// <summary>Adds a page under <paramref name="parent"/> (a page) or as a row of <paramref name="database"/>.</summary>
    public FakeNotionPage AddPageUnder(string title, FakeNotionPage? parent = null, FakeNotionDatabase? database = null)
    {
        var page = AddPage(title, FakeNotionBlock.Paragraph($"Text of {title}"));
        (page.ParentPageId, page.ParentDatabaseId) = (parent?.Id, database?.Id);
        return page;
    }

    /// <summary>Sets a page's last_edited_time (as if it had been edited then).</summary>
    public void EditedAt(FakeNotionPage page, DateTime when)
    {
        lock (_gate)
        {
            page.LastEditedTime = new DateTime(when.Ticks - (when.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
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
