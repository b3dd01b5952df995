using Connectors.Domain.Connectors.Confluence;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>The CQL the connector sends: spaces quoted, dates written in the site's zone.</summary>
public sealed class ConfluenceCqlTests
{
    private static readonly DateTimeOffset Cursor = new(2026, 1, 15, 12, 34, 56, TimeSpan.Zero);

    [Fact]
    public void Pages_NoSpaces_EveryPageOldestFirst() =>
        ConfluenceCql.Pages([]).ShouldBe("type=page order by created asc");

    [Fact]
    public void Pages_Spaces_QuotedInAnInClause() =>
        ConfluenceCql.Pages(["ENG", "~abc"]).ShouldBe("type=page AND space in (\"ENG\",\"~abc\") order by created asc");

    [Fact]
    public void ModifiedSince_SiteZoneKnown_CursorMinusOverlapInThatZoneToTheMinute() =>
        ConfluenceCql.ModifiedSince([], Cursor, TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney"), TimeSpan.FromMinutes(10))
            .ShouldBe("type=page AND lastmodified >= \"2026-01-15 23:24\" order by created asc");

    [Fact]
    public void ModifiedSince_SiteZoneUnknown_WidenedByTwelveHoursInUtc() =>
        ConfluenceCql.ModifiedSince(["ENG"], Cursor, siteZone: null, TimeSpan.FromMinutes(10))
            .ShouldBe("type=page AND space in (\"ENG\") AND lastmodified >= \"2026-01-15 00:24\" order by created asc");
}
