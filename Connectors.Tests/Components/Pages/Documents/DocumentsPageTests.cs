using AngleSharp.Dom;
using Bunit;
using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Tests.Components.Shared;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Components.Pages.Documents;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Components.Pages.Documents;

/// <summary>The documents page over the real <see cref="DocumentLibrary"/>: documents ingested through the
/// real <see cref="DocumentStore"/> by a mail account of acme (and one of globex).</summary>
public sealed class DocumentsPageTests : ComponentTestContext
{
    private static readonly DateTime Start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    private ConnectorAccount _acme = null!;
    private ConnectorAccount _globex = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _acme = Account((await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId, Bed.Acme, "Support");
        _globex = Account((await Bed.CreateMailAccountAsync(Bed.Globex, "Globex desk")).AccountId, Bed.Globex, "Globex desk");
    }

    [Fact]
    public async Task Render_DefaultProject_ListsItsDocumentsNewestFirstWithTheirSource()
    {
        await IngestAsync(_acme, Doc("m-1", "Welcome", hours: 1, author: "Ann <ann@acme.test>"), Doc("m-2", "Invoice 2026-0042", hours: 3), Doc("m-3", "Reminder", hours: 2));
        await IngestAsync(_acme with { ProjectKey = "engineering" }, Doc("e-1", "Server invoice", hours: 4));

        var page = RenderPage();

        page.WaitForAssertion(() => Titles(page).ShouldBe(["Invoice 2026-0042", "Reminder", "Welcome"]));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("1–3 of 3 documents");
        page.ByTestId("documents-project").TextContent.ShouldContain("default (default) · tenant default");
        var welcome = RowOf(page, "Welcome");
        welcome.QuerySelector("[data-col='Source']")!.TextContent.ShouldContain("Test mail");
        welcome.QuerySelector("[data-col='Source']")!.TextContent.ShouldContain("Support");
        welcome.QuerySelector("[data-col='Author']")!.TextContent.Trim().ShouldBe("Ann <ann@acme.test>");
        welcome.QuerySelector("[data-col='Source updated']")!.TextContent.Trim().ShouldBe("1 Oct 2026, 09:00");
        page.Markup.ShouldNotContain("Server invoice");
    }

    [Fact]
    public async Task Render_AnotherTenantsDocumentsInTheSameProjectKey_AreAbsent()
    {
        await IngestAsync(_globex, Doc("g-1", "Globex secret plan", hours: 5));
        await IngestAsync(_acme, Doc("a-1", "Acme plan", hours: 1));

        var page = RenderPage();

        page.WaitForAssertion(() => Titles(page).ShouldBe(["Acme plan"]));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("1–1 of 1 documents");
        page.Markup.ShouldNotContain("Globex");
    }

    [Fact]
    public async Task Paging_ThirtyDocuments_TwentyFiveOnTheFirstPageTheOldestFiveOnTheSecond()
    {
        await IngestAsync(_acme, [.. Enumerable.Range(1, 30).Select(n => Doc($"m-{n}", $"Message {n:00}", hours: n))]);
        var page = RenderPage();
        page.WaitForAssertion(() => Titles(page).Count.ShouldBe(25));
        Titles(page)[0].ShouldBe("Message 30");
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("1–25 of 30 documents");

        await PageButton(page, "2").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Titles(page).ShouldBe(["Message 05", "Message 04", "Message 03", "Message 02", "Message 01"]));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("26–30 of 30 documents");
    }

    [Fact]
    public async Task Search_TitleQuery_KeepsTheMatchesCaseInsensitivelyFromTheFirstPage()
    {
        await IngestAsync(_acme, [.. Enumerable.Range(1, 30).Select(n => Doc($"m-{n}", $"Message {n:00}", hours: n)),
            Doc("i-1", "Overdue INVOICE", hours: 40), Doc("i-2", "Invoice March", hours: 0)]);
        var page = RenderPage();
        page.WaitForAssertion(() => Titles(page).Count.ShouldBe(25));
        await PageButton(page, "2").ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => page.ByTestId("pager-range").TextContent.Trim().ShouldBe("26–32 of 32 documents"));

        await page.TypeImmediateAsync("documents-search", "invoice");

        page.WaitForAssertion(() => Titles(page).ShouldBe(["Overdue INVOICE", "Invoice March"]), TimeSpan.FromSeconds(5));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("1–2 of 2 documents");
    }

    [Fact]
    public async Task Search_NoTitleMatches_EmptyStateQuotesTheQuery()
    {
        await IngestAsync(_acme, Doc("m-1", "Welcome", hours: 1));
        var page = RenderPage();
        page.WaitForAssertion(() => Titles(page).ShouldBe(["Welcome"]));

        await page.TypeImmediateAsync("documents-search", "  payroll ");

        page.WaitForAssertion(() => page.ByTestId("empty-state").TextContent.ShouldContain("No document title contains “payroll”."), TimeSpan.FromSeconds(5));
        page.Has("document-row").ShouldBeFalse();
    }

    [Fact]
    public async Task ProjectSelect_AnotherProject_ListsThatProjectsDocuments()
    {
        await IngestAsync(_acme, Doc("m-1", "Welcome", hours: 1));
        await IngestAsync(_acme with { ProjectKey = "engineering" }, Doc("e-1", "Server invoice", hours: 4));
        var page = RenderPage();
        page.WaitForAssertion(() => Titles(page).ShouldBe(["Welcome"]));

        await page.SelectAsync("documents-project", "engineering (engineering)");

        page.WaitForAssertion(() => Titles(page).ShouldBe(["Server invoice"]));

        await page.SelectAsync("documents-project", "acme-hr (acme-hr)");

        page.WaitForAssertion(() => page.ByTestId("empty-state").TextContent.ShouldContain("No document in this project yet."));
    }

    [Fact]
    public async Task RowClick_OpensTheDialogWithMetadataAndTheContentAsPlainText()
    {
        await IngestAsync(_acme, Doc("m-1", "Welcome", hours: 1),
            new DocumentInput("m-2", "Hello <there>", "<b>not markup</b>\nsecond line", SourceUrl: "imap://imap.acme.test/INBOX;UID=7",
                Author: "Zoë <z@acme.test>", SourceUpdatedAt: Start.AddHours(2)));
        var page = RenderPage();
        page.WaitForAssertion(() => Titles(page).Count.ShouldBe(2));

        await RowOf(page, "Hello <there>").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => page.ByTestId("document-content").TextContent.ShouldBe("<b>not markup</b>\nsecond line"));
        page.ByTestId("document-title").TextContent.ShouldBe("Hello <there>");
        page.ByTestId("document-content").QuerySelector("b").ShouldBeNull("the content is text, never markup");
        var meta = page.ByTestId("document-meta").TextContent;
        meta.ShouldContain("default");
        meta.ShouldContain("Test mail · Support");
        meta.ShouldContain("Zoë <z@acme.test>");
        page.ByTestId("document-source-url").TextContent.Trim().ShouldBe("imap://imap.acme.test/INBOX;UID=7");
        page.ByTestId("document-source-url").QuerySelector("a").ShouldBeNull("only http(s) URLs become links");
    }

    [Fact]
    public async Task RowEnterKey_HttpsSource_OpensTheDialogWithALink()
    {
        await IngestAsync(_acme, new DocumentInput("p-1", "Handbook", "Read me", SourceUrl: "https://wiki.acme.test/handbook", SourceUpdatedAt: Start));
        var page = RenderPage();
        page.WaitForAssertion(() => Titles(page).ShouldBe(["Handbook"]));

        await RowOf(page, "Handbook").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        page.WaitForAssertion(() => page.ByTestId("document-content").TextContent.ShouldBe("Read me"));
        var link = page.ByTestId("document-source-url").QuerySelector("a")!;
        link.GetAttribute("href").ShouldBe("https://wiki.acme.test/handbook");
        link.GetAttribute("rel").ShouldBe("noopener noreferrer");
    }

    [Fact]
    public async Task Dialog_AnotherTenantsDocument_SaysItWasNotFoundAndShowsNothingOfIt()
    {
        await IngestAsync(_globex, new DocumentInput("g-1", "Globex secret plan", "Globex eyes only", SourceUpdatedAt: Start));
        Guid id;
        await using (var globex = Bed.As(Bed.Globex))
        {
            id = (await globex.ServiceProvider.GetRequiredService<DocumentLibrary>().SearchAsync("default", null, 0, 25, Ct)).Items.Single().Id;
        }

        var host = RenderWithProviders();
        var dialogs = Services.GetRequiredService<MudBlazor.IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<DocumentDialog>(null,
            new MudBlazor.DialogParameters<DocumentDialog> { { d => d.DocumentId, id } }));

        host.WaitForAssertion(() => host.ByTestId("document-error").TextContent.ShouldBe($"Document {id} was not found."));
        host.Has("document-content").ShouldBeFalse();
        host.Markup.ShouldNotContain("Globex eyes only");
        host.Markup.ShouldNotContain("Globex secret plan");
    }

    private IRenderedComponent<IComponent> RenderPage() => RenderWithProviders(builder =>
    {
        builder.OpenComponent<DocumentsPage>(0);
        builder.CloseComponent();
    });

    private static ConnectorAccount Account(Guid id, Guid tenantId, string label) =>
        new(id, tenantId, TestMailConnector.ConnectorKey, label, "default", []);

    private static DocumentInput Doc(string id, string title, int hours, string? author = null) =>
        new(id, title, "body", Author: author, SourceUpdatedAt: Start.AddHours(hours));

    private async Task IngestAsync(ConnectorAccount account, params DocumentInput[] documents)
    {
        await using var scope = Bed.As(account.TenantId);
        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(account, documents, Ct);
    }

    private static IReadOnlyList<string> Titles(IRenderedComponent<IComponent> page) =>
        [.. page.FindAll("[data-testid='document-row'] td.cell-primary").Select(c => c.TextContent.Trim())];

    private static IElement RowOf(IRenderedComponent<IComponent> page, string title) =>
        page.FindAll("[data-testid='document-row']").Single(r => r.QuerySelector("td.cell-primary")!.TextContent.Trim() == title);

    private static IElement PageButton(IRenderedComponent<IComponent> page, string number) =>
        page.ByTestId("pager").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == number);
}
