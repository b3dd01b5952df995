using System.Text.Json.Serialization;

namespace Connectors.Domain.Connectors.Confluence;

// The REST API v1 shapes the connector reads (https://developer.atlassian.com/cloud/confluence/rest/v1/):
// only the fields it uses; System.Text.Json ignores the rest.

/// <summary>A page of <c>content/search</c>: <c>_links.next</c> is present while more results follow
/// (on Cloud it carries an opaque cursor, so the connector follows it instead of computing <c>start</c>).</summary>
internal sealed record ConfluenceContentPage(
    IReadOnlyList<ConfluenceContent> Results,
    int Start,
    int Limit,
    int Size,
    int? TotalSize,
    [property: JsonPropertyName("_links")] ConfluenceLinks? Links);

internal sealed record ConfluenceLinks(string? Base, string? Context, string? Next, string? Webui);

internal sealed record ConfluenceContent(
    string Id,
    string? Type,
    string? Status,
    string? Title,
    ConfluenceSpace? Space,
    ConfluenceHistory? History,
    ConfluenceVersion? Version,
    ConfluenceBody? Body,
    [property: JsonPropertyName("_links")] ConfluenceLinks? Links);

internal sealed record ConfluenceSpace(string? Key, string? Name);

internal sealed record ConfluenceHistory(DateTimeOffset? CreatedDate, ConfluenceUser? CreatedBy);

internal sealed record ConfluenceVersion(int Number, DateTimeOffset? When, ConfluenceUser? By);

/// <summary>A user as Confluence shows one; <see cref="Email"/> is empty unless the user's profile
/// visibility allows it.</summary>
internal sealed record ConfluenceUser(string? AccountId, string? Email, string? DisplayName, string? PublicName);

internal sealed record ConfluenceBody(ConfluenceStorage? Storage);

internal sealed record ConfluenceStorage(string? Value, string? Representation);

/// <summary><c>settings/systemInfo</c>: the site's default time zone, in which CQL reads dates.</summary>
internal sealed record ConfluenceSystemInfo(string? DefaultTimeZone);
