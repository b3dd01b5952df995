using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Documents;

public sealed class DocumentStoreTests : TestBedTests
{
    private ConnectorAccount _account = null!;

    protected override async Task SeedAsync()
    {
        var id = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
        _account = new ConnectorAccount(id, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "acme-hr", []);
    }

    [Fact]
    public async Task UpsertAsync_NewChangedAndSame_CountsAddedUpdatedUnchanged()
    {
        await using var scope = Bed.As(Bed.Acme);
        var sink = scope.ServiceProvider.GetRequiredService<DocumentStore>().For(_account);
        await sink.UpsertAsync([new DocumentInput("m-1", "One", "first"), new DocumentInput("m-2", "Two", "second")], Ct);

        var counts = await sink.UpsertAsync(
            [new DocumentInput("m-1", "One", "first"), new DocumentInput("m-2", "Two", "second, edited"), new DocumentInput("m-3", "Three", "third")], Ct);

        counts.ShouldBe(new UpsertCounts(Added: 1, Updated: 1, Unchanged: 1));
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var documents = await db.Documents.OrderBy(d => d.ExternalId).ToListAsync(Ct);
        documents.Select(d => d.Content).ShouldBe(["first", "second, edited", "third"]);
        documents.ShouldAllBe(d => d.ProjectKey == "acme-hr" && d.InstallationId == _account.Id && d.TenantId == Bed.Acme);
    }

    [Fact]
    public async Task UpsertAsync_AccountRebound_MovesDocumentsToTheNewProject()
    {
        await using var scope = Bed.As(Bed.Acme);
        var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
        await store.UpsertAsync(_account, [new DocumentInput("m-1", "One", "first")], Ct);

        var counts = await store.UpsertAsync(_account with { ProjectKey = "engineering" }, [new DocumentInput("m-1", "One", "first")], Ct);

        counts.Updated.ShouldBe(1);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.Documents.SingleAsync(Ct)).ProjectKey.ShouldBe("engineering");
    }

    [Fact]
    public async Task UpsertAsync_AccountOfAnotherTenant_IsRefused()
    {
        await using var scope = Bed.As(Bed.Globex);

        await Should.ThrowAsync<Domain.Tenancy.CrossTenantWriteException>(() => scope.ServiceProvider.GetRequiredService<DocumentStore>()
            .UpsertAsync(_account, [new DocumentInput("m-1", "One", "planted")], Ct));

        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        using (scope.ServiceProvider.GetRequiredService<Domain.Tenancy.TenantContext>().BeginCrossTenantScan())
        {
            (await db.Documents.CountAsync(Ct)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task UpsertAsync_NewDocuments_ReadBackWithEveryColumnAsWritten()
    {
        var created = new DateTime(2026, 11, 20, 8, 30, 15, DateTimeKind.Utc);
        await using var scope = Bed.As(Bed.Acme);

        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_account,
            [new DocumentInput("m-1", "Ünïcode title", "Body ✓", "text/plain", "imap://x/INBOX;UID=1", "Zoë <z@example.test>", created, null)], Ct);

        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var document = await db.Documents.SingleAsync(d => d.InstallationId == _account.Id && d.ExternalId == "m-1", Ct);
        (document.Title, document.Content, document.Author, document.SourceUrl).ShouldBe(("Ünïcode title", "Body ✓", "Zoë <z@example.test>", "imap://x/INBOX;UID=1"));
        document.SourceCreatedAt.ShouldBe(created);
        document.SourceCreatedAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        document.SourceUpdatedAt.ShouldBeNull();
        document.IngestedAt.ShouldBe(Bed.Clock.GetUtcNow().UtcDateTime);
        (await db.Documents.CountAsync(d => d.TenantId == Bed.Acme && d.ProjectKey == "acme-hr", Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task UpsertAsync_SeveralNewDocuments_EveryRowReadsBackAsWrittenNullsAndValuesAlike()
    {
        // One prepared statement serves every row: a value or a null in one row must not leak into the next.
        var created = new DateTime(2026, 11, 20, 8, 30, 15, DateTimeKind.Utc);
        var updated = new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);
        await using var scope = Bed.As(Bed.Acme);

        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_account,
        [
            new DocumentInput("m-1", "First", "Body 1", "text/plain", "imap://x/1", "Ann <a@example.test>", created, null),
            new DocumentInput("m-2", "Second", "Body 2", "text/html", null, null, null, updated),
            new DocumentInput("m-3", "Third", "Body 3", "text/plain", "imap://x/3", "Cy <c@example.test>", created, updated),
        ], Ct);

        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var rows = await db.Documents.Where(d => d.InstallationId == _account.Id).OrderBy(d => d.ExternalId).ToListAsync(Ct);
        rows.Select(d => (d.Title, d.Content, d.MimeType, d.SourceUrl, d.Author, d.SourceCreatedAt, d.SourceUpdatedAt)).ShouldBe(
        [
            ("First", "Body 1", "text/plain", "imap://x/1", "Ann <a@example.test>", created, null),
            ("Second", "Body 2", "text/html", null, null, null, updated),
            ("Third", "Body 3", "text/plain", "imap://x/3", "Cy <c@example.test>", created, updated),
        ]);
        rows.Select(d => d.Id).Distinct().Count().ShouldBe(3);
        rows.ShouldAllBe(d => d.TenantId == Bed.Acme && d.ProjectKey == "acme-hr" && d.ContentHash.Length == 64);
        rows.Select(d => d.ContentHash).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task UpsertAsync_SameExternalIdTwiceInABatch_KeepsTheLast()
    {
        await using var scope = Bed.As(Bed.Acme);

        var counts = await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_account,
            [new DocumentInput("m-1", "One", "old"), new DocumentInput("m-1", "One", "new")], Ct);

        counts.Added.ShouldBe(1);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.Documents.SingleAsync(Ct)).Content.ShouldBe("new");
    }

    [Fact]
    public async Task Sink_FirstSyncOfAnEmptyAccount_InsertsEveryBatchWithoutLookingForStoredDocuments()
    {
        await using var scope = Bed.As(Bed.Acme);
        var sink = scope.ServiceProvider.GetRequiredService<DocumentStore>().For(_account);

        using var reads = EfCommands.Record(c => c.CommandText.Contains("\"Documents\"", StringComparison.Ordinal) && MentionsAccount(c));
        var first = await sink.UpsertAsync([new DocumentInput("m-1", "One", "first"), new DocumentInput("m-2", "Two", "second")], Ct);
        var second = await sink.UpsertAsync([new DocumentInput("m-3", "Three", "third")], Ct);

        (first, second).ShouldBe((new UpsertCounts(2, 0, 0), new UpsertCounts(1, 0, 0)));
        reads.Texts.Where(t => t.StartsWith("SELECT", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldContain("EXISTS");
        (await ExternalIdsAsync(scope)).ShouldBe(["m-1", "m-2", "m-3"]);
    }

    [Fact]
    public async Task Sink_FirstSyncWritesAnIdAgain_ComparesWithTheStoredDocument()
    {
        await using var scope = Bed.As(Bed.Acme);
        var sink = scope.ServiceProvider.GetRequiredService<DocumentStore>().For(_account);
        await sink.UpsertAsync([new DocumentInput("m-1", "One", "first"), new DocumentInput("m-2", "Two", "second")], Ct);

        // The same messages seen again in another folder, one of them changed.
        var again = await sink.UpsertAsync([new DocumentInput("m-1", "One", "first"), new DocumentInput("m-2", "Two", "edited"), new DocumentInput("m-3", "Three", "third")], Ct);

        again.ShouldBe(new UpsertCounts(Added: 1, Updated: 1, Unchanged: 1));
        (await ExternalIdsAsync(scope)).ShouldBe(["m-1", "m-2", "m-3"]);
    }

    [Fact]
    public async Task Sink_DocumentStoredBehindTheFirstSyncsBack_TheBatchFallsBackToCompareAndNothingIsLost()
    {
        await using var scope = Bed.As(Bed.Acme);
        var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
        var sink = store.For(_account);
        await sink.UpsertAsync([new DocumentInput("m-1", "One", "first")], Ct);
        await store.UpsertAsync(_account, [new DocumentInput("m-2", "Two", "written elsewhere")], Ct);

        var counts = await sink.UpsertAsync([new DocumentInput("m-2", "Two", "written elsewhere"), new DocumentInput("m-3", "Three", "third")], Ct);

        counts.ShouldBe(new UpsertCounts(Added: 1, Updated: 0, Unchanged: 1));
        (await ExternalIdsAsync(scope)).ShouldBe(["m-1", "m-2", "m-3"]);
    }

    private bool MentionsAccount(System.Data.Common.DbCommand command) =>
        command.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => string.Equals(p.Value?.ToString(), _account.Id.ToString(), StringComparison.OrdinalIgnoreCase));

    private async Task<List<string>> ExternalIdsAsync(AsyncServiceScope scope)
    {
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Documents.Where(d => d.InstallationId == _account.Id).OrderBy(d => d.ExternalId).Select(d => d.ExternalId).ToListAsync(Ct);
    }
}
