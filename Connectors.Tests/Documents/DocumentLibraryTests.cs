using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Documents;

public sealed class DocumentLibraryTests : TestBedTests
{
    private ConnectorAccount _support = null!;

    protected override async Task SeedAsync()
    {
        var id = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr")).AccountId;
        _support = new ConnectorAccount(id, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "acme-hr", []);
    }

    [Fact]
    public async Task SearchAsync_TitleQuery_MatchesCaseInsensitivelyWithinTheProject()
    {
        await IngestAsync(_support, ("m-1", "Invoice March"), ("m-2", "Welcome"), ("m-3", "Overdue INVOICE"));
        await IngestAsync(_support with { ProjectKey = "engineering" }, ("e-1", "Invoice for servers"));

        var page = await SearchAsync("acme-hr", "invoice", 0, 25);

        page.Total.ShouldBe(2);
        page.Items.Select(i => i.Title).ShouldBe(["Overdue INVOICE", "Invoice March"], ignoreOrder: true);
        page.Items.ShouldAllBe(i => i.AccountLabel == "Support" && i.ConnectorKey == TestMailConnector.ConnectorKey);
    }

    [Fact]
    public async Task SearchAsync_LikeWildcardsInTheQuery_MatchOnlyThemselves()
    {
        await IngestAsync(_support, ("m-1", "100% done"), ("m-2", "1000 done"), ("m-3", "a_b"), ("m-4", "axb"));

        (await SearchAsync("acme-hr", "0%", 0, 25)).Items.Select(i => i.Title).ShouldBe(["100% done"]);
        (await SearchAsync("acme-hr", "a_b", 0, 25)).Items.Select(i => i.Title).ShouldBe(["a_b"]);
    }

    [Fact]
    public async Task SearchAsync_Paging_ReturnsThePageAndTheTotalNewestFirst()
    {
        var inputs = Enumerable.Range(1, 30).Select(n => new DocumentInput($"m-{n}", $"Message {n:00}", "body",
            SourceUpdatedAt: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(n))).ToList();
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_support, inputs, Ct);
        }

        var first = await SearchAsync("acme-hr", null, 0, 25);
        var second = await SearchAsync("acme-hr", "  ", 1, 25);

        (first.Total, second.Total).ShouldBe((30, 30));
        first.Items.Count.ShouldBe(25);
        first.Items[0].Title.ShouldBe("Message 30");
        second.Items.Select(i => i.Title).ShouldBe(["Message 05", "Message 04", "Message 03", "Message 02", "Message 01"]);
    }

    [Fact]
    public async Task SearchAsync_AnotherTenantsDocuments_AreInvisible()
    {
        var globexAccount = (await Bed.CreateMailAccountAsync(Bed.Globex, "Support")).AccountId;
        await IngestAsync(new ConnectorAccount(globexAccount, Bed.Globex, TestMailConnector.ConnectorKey, "Support", "default", []), ("g-1", "Globex secret plan"));
        await IngestAsync(_support with { ProjectKey = "default" }, ("a-1", "Acme plan"));

        var page = await SearchAsync("default", "plan", 0, 25);

        page.Items.Select(i => i.Title).ShouldBe(["Acme plan"]);
        page.Total.ShouldBe(1);
    }

    [Fact]
    public async Task SearchAsync_Member_IsAccessDenied()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Member);

        await Should.ThrowAsync<AccessDeniedException>(() =>
            scope.ServiceProvider.GetRequiredService<DocumentLibrary>().SearchAsync("acme-hr", null, 0, 25, Ct));
    }

    [Fact]
    public async Task GetAsync_KnownId_ReturnsMetadataAndContent()
    {
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_support,
                [new DocumentInput("m-1", "Hello", "<b>not markup</b>", SourceUrl: "imap://x/INBOX;UID=1", Author: "Zoë <z@acme.test>")], Ct);
        }

        var id = (await SearchAsync("acme-hr", null, 0, 25)).Items.Single().Id;
        await using var viewer = Bed.As(Bed.Acme, TenantRole.Admin);
        var document = await viewer.ServiceProvider.GetRequiredService<DocumentLibrary>().GetAsync(id, Ct);

        (document.Title, document.Content, document.SourceUrl, document.Author, document.AccountLabel, document.ProjectKey)
            .ShouldBe(("Hello", "<b>not markup</b>", "imap://x/INBOX;UID=1", "Zoë <z@acme.test>", "Support", "acme-hr"));
    }

    [Fact]
    public async Task GetAsync_AnotherTenantsOrUnknownId_IsNotFound()
    {
        await IngestAsync(_support, ("m-1", "Acme only"));
        var id = (await SearchAsync("acme-hr", null, 0, 25)).Items.Single().Id;
        await using var globex = Bed.As(Bed.Globex);
        var library = globex.ServiceProvider.GetRequiredService<DocumentLibrary>();

        await Should.ThrowAsync<NotFoundException>(() => library.GetAsync(id, Ct));
        await Should.ThrowAsync<NotFoundException>(() => library.GetAsync(Guid.NewGuid(), Ct));
    }

    private async Task IngestAsync(ConnectorAccount account, params (string Id, string Title)[] documents)
    {
        await using var scope = Bed.As(account.TenantId);
        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(account,
            [.. documents.Select(d => new DocumentInput(d.Id, d.Title, "body"))], Ct);
    }

    private async Task<DocumentPage> SearchAsync(string project, string? query, int page, int size)
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<DocumentLibrary>().SearchAsync(project, query, page, size, Ct);
    }
}
