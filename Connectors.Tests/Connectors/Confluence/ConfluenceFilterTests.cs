using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Confluence;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>
/// Confluence's filters — labels to skip and an age limit — from its settings form: narrowing removes the pages no longer
/// matching at the next sync; widening fetches just the pages now matching (by id), not the others again; the preview
/// honours them.
/// </summary>
public sealed class ConfluenceFilterTests : ConfluenceSiteTests
{
    private DateTimeOffset Now => Bed.Clock.GetUtcNow();

    [Fact]
    public async Task ALabelLeftOut_RemovesItsPagesNextSync_AndTakingItBackFetchesOnlyThem()
    {
        var pages = Enumerable.Range(1, 10).Select(n => Api.AddPage("ENG", $"Page {n:00}", $"<p>Body {n}</p>", Now.AddDays(-n))).ToList();
        Api.AddLabel(pages[8].Id, "draft");
        Api.AddLabel(pages[9].Id, "Draft");
        var account = await CreateAsync();
        (await Bed.SyncAsync(account)).Added.ShouldBe(10);

        await SettingsAsync(account, new() { [ConfluenceForms.ExcludedLabels] = new[] { "draft" } });
        var narrowed = await Bed.SyncAsync(account);

        narrowed.Removed.ShouldBe(2);
        (await TitlesAsync()).ShouldBe([.. Enumerable.Range(1, 8).Select(n => $"Page {n:00}")]);
        Server.Requests.ShouldContain(r => Cql(r).Contains("label not in (\"draft\")", StringComparison.Ordinal));

        Server.Requests.Clear();
        await SettingsAsync(account, new() { [ConfluenceForms.ExcludedLabels] = null });
        var widened = await Bed.SyncAsync(account);

        (widened.Added, widened.Removed).ShouldBe((2, 0));
        (await TitlesAsync()).Count.ShouldBe(10);
        var withBodies = Server.Requests.Where(r => r.Contains("expand=body", StringComparison.Ordinal)).Select(Cql).ToList();
        withBodies.ShouldContain(c => c.Contains($"id in ({pages[8].Id},{pages[9].Id})", StringComparison.Ordinal)
            || c.Contains($"id in ({pages[9].Id},{pages[8].Id})", StringComparison.Ordinal));
        withBodies.ShouldAllBe(c => c.Contains("id in (", StringComparison.Ordinal) || c.Contains("lastmodified >=", StringComparison.Ordinal),
            "the other pages are not read again");
    }

    [Fact]
    public async Task AnAgeLimit_KeepsOnlyPagesEditedWithinIt_AndThePreviewHonoursTheFilters()
    {
        Api.AddPage("ENG", "Fresh", "<p>New</p>", Now.AddDays(-3));
        Api.AddPage("ENG", "Recent", "<p>Newish</p>", Now.AddDays(-20));
        Api.AddPage("ENG", "Old", "<p>Old</p>", Now.AddDays(-200));
        var labelled = Api.AddPage("ENG", "Archived recent", "<p>Archived</p>", Now.AddDays(-5));
        Api.AddLabel(labelled.Id, "archived");
        var account = await CreateAsync();
        await Bed.SyncAsync(account);

        await SettingsAsync(account, new() { [ConfluenceForms.ModifiedWithinDays] = 30, [ConfluenceForms.ExcludedLabels] = new[] { "archived" } });
        var run = await Bed.SyncAsync(account);

        run.Removed.ShouldBe(2);
        (await TitlesAsync()).ShouldBe(["Fresh", "Recent"]);
        var preview = await Bed.InScopeAsync(sp => sp.GetRequiredService<AccountPreviews>().PreviewAsync(account, 10, Ct));
        preview.Error.ShouldBeNull();
        preview.Items.Select(i => i.Title).ShouldBe(["Fresh", "Recent"]);
    }

    [Fact]
    public async Task BadSettings_AreRefusedNamingTheField()
    {
        var account = await CreateAsync();

        var refused = await Should.ThrowAsync<Domain.Errors.ValidationFailedException>(() =>
            SettingsAsync(account, new() { [ConfluenceForms.ModifiedWithinDays] = -1 }));

        refused.Errors.Keys.ShouldBe([ConfluenceForms.ModifiedWithinDays]);
    }

    private async Task<Guid> CreateAsync()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl));
        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        return outcome.AccountId;
    }

    private Task<AccountSettings> SettingsAsync(Guid account, Dictionary<string, object?> values) =>
        Bed.InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>().UpdateAsync(account, values, Ct));

    private async Task<List<string>> TitlesAsync() => [.. (await Bed.DocumentsAsync()).Select(d => d.Title)];

    private static string Cql(string request) =>
        Uri.UnescapeDataString(System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + request.Split(' ')[1]).Query)["cql"] ?? "");
}
