using Connectors.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>
/// Notion's filters from its settings form: root pages or databases to include (chosen from a live list of the
/// workspace's top pages and its databases; every page under them, database rows included), and an age limit. Narrowing
/// removes what no longer matches at the next sync; widening reads only the pages now matching; the preview honours them.
/// </summary>
public sealed class NotionFilterTests : NotionTests
{
    [Fact]
    public async Task Roots_ChosenFromTheLiveList_KeepTheirSubtrees_AndWideningReadsOnlyWhatComesIn()
    {
        var engineering = Notion.AddPageUnder("Engineering");
        var runbook = Notion.AddPageUnder("Runbook", parent: engineering);
        Notion.AddPageUnder("Deploy", parent: runbook);
        var tasks = Notion.AddDatabase("Tasks", parent: engineering);
        Notion.AddPageUnder("Task 1", database: tasks);
        var hr = Notion.AddPageUnder("HR");
        Notion.AddPageUnder("Holidays", parent: hr);
        var leads = Notion.AddDatabase("Leads");
        var lead = Notion.AddPageUnder("Lead 1", database: leads);
        var (account, _, _) = await ConnectAsync();
        (await RunAsync(account)).Added.ShouldBe(7);

        var options = await Bed.InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>().DiscoverAsync(account, "roots.include", Ct));
        options.Options.Select(o => o.Label).ShouldBe(["Engineering", "HR", "Leads (database)", "Tasks (database)"]);

        await SettingsAsync(account, [engineering.Id]);
        var narrowed = await RunAsync(account);

        narrowed.Removed.ShouldBe(3);
        (await DocumentsAsync()).Select(d => d.Title).ShouldBe(["Deploy", "Engineering", "Runbook", "Task 1"]);

        var readsBefore = AllBlockReads();
        await SettingsAsync(account, [engineering.Id, leads.Id]);
        var widened = await RunAsync(account);

        (widened.Added, widened.Removed).ShouldBe((1, 0));
        (AllBlockReads() - readsBefore).ShouldBe(1, "only the page that came in is read");
        BlockReads(lead.Id).ShouldBe(2, "read at the first sync and again now");
        (await DocumentsAsync()).Count.ShouldBe(5);
    }

    [Fact]
    public async Task AnAgeLimit_KeepsOnlyPagesEditedWithinIt_AndThePreviewHonoursIt()
    {
        var fresh = Notion.AddPageUnder("Fresh");
        var old = Notion.AddPageUnder("Old");
        Notion.EditedAt(fresh, Now.AddDays(-3));
        Notion.EditedAt(old, Now.AddDays(-120));
        var (account, _, _) = await ConnectAsync();
        (await RunAsync(account)).Added.ShouldBe(2);

        await Bed.InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>()
            .UpdateAsync(account, new Dictionary<string, object?> { ["modified_within_days"] = 30 }, Ct));
        var run = await RunAsync(account);

        run.Removed.ShouldBe(1);
        (await DocumentsAsync()).ShouldHaveSingleItem().Title.ShouldBe("Fresh");
        var preview = await Bed.InScopeAsync(sp => sp.GetRequiredService<AccountPreviews>().PreviewAsync(account, 5, Ct));
        preview.Items.Select(i => i.Title).ShouldBe(["Fresh"]);
    }

    private Task<AccountSettings> SettingsAsync(Guid account, string[] roots) =>
        Bed.InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>()
            .UpdateAsync(account, new Dictionary<string, object?> { ["roots.include"] = roots }, Ct));
}
