using Connectors.Domain.Connectors.Confluence;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>The CQL the connector sends: spaces and labels quoted, dates written in the site's zone.</summary>
public sealed class ConfluenceCqlTests
{
    private static readonly DateTimeOffset Cursor = new(2026, 1, 15, 12, 34, 56, TimeSpan.Zero);

    private static ConfluenceScope Scope(string[]? spaces = null, string[]? labels = null, DateTimeOffset? after = null, TimeZoneInfo? zone = null) =>
        new(spaces ?? [], labels ?? [], after, zone);

    [Fact]
    public void Pages_NoSpaces_EveryPageOldestFirst() =>
        ConfluenceCql.Pages(Scope()).ShouldBe("type=page order by created asc");

    [Fact]
    public void Pages_Spaces_QuotedInAnInClause() =>
        ConfluenceCql.Pages(Scope(["ENG", "~abc"])).ShouldBe("type=page AND space in (\"ENG\",\"~abc\") order by created asc");

    [Fact]
    public void Pages_ExcludedLabelsAndAnAgeLimit_LabelsEscaped_CutoffInTheSitesZone() =>
        ConfluenceCql.Pages(Scope(labels: ["draft", "say \"hi\""], after: Cursor, zone: TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney")))
            .ShouldBe("type=page AND label not in (\"draft\",\"say \\\"hi\\\"\") AND lastmodified >= \"2026-01-15 23:34\" order by created asc");

    [Fact]
    public void WithIds_OnlyDigitIds() =>
        ConfluenceCql.WithIds(Scope(["ENG"]), ["123", "45 OR type=blogpost", "678"])
            .ShouldBe("type=page AND space in (\"ENG\") AND id in (123,678) order by created asc");

    [Fact]
    public void ModifiedSince_SiteZoneKnown_CursorMinusOverlapInThatZoneToTheMinute() =>
        ConfluenceCql.ModifiedSince(Scope(zone: TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney")), Cursor, TimeSpan.FromMinutes(10))
            .ShouldBe("type=page AND lastmodified >= \"2026-01-15 23:24\" order by created asc");

    [Fact]
    public void ModifiedSince_SiteZoneUnknown_WidenedByTwelveHoursInUtc() =>
        ConfluenceCql.ModifiedSince(Scope(["ENG"]), Cursor, TimeSpan.FromMinutes(10))
            .ShouldBe("type=page AND space in (\"ENG\") AND lastmodified >= \"2026-01-15 00:24\" order by created asc");
}
