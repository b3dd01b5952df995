using Connectors.Domain.Accounts;
using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>A submitted secret never reaches config JSON, an error, an audit entry, an exception or a log line.</summary>
public sealed class SecretHygieneTests
{
    private const string GoodPassword = "Good-Secret-4b1d";

    [Fact]
    public async Task AccountLifecycle_WithSecrets_NeverWritesThemOutsideTheVault()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var failed = await bed.CreateMailAccountAsync(bed.Acme, "Support", password: TestMailConnector.WrongPassword);
        var errors = new List<Exception>();
        await using var scope = bed.As(bed.Acme);
        var configure = scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();

        await configure.ReconnectAsync(failed.AccountId, ConnectorsTestBed.MailSubmission(null, GoodPassword), ct);
        errors.Add(await Should.ThrowAsync<Exception>(() => bed.CreateMailAccountAsync(bed.Acme, "support", password: GoodPassword)));
        errors.Add(await Should.ThrowAsync<Exception>(() => configure.CreateAsync(TestMailConnector.ConnectorKey,
            new CredentialSubmission("Other", null, new Dictionary<string, object?> { ["username"] = "x", ["password"] = GoodPassword, ["bogus"] = GoodPassword }), ct)));
        var summaries = await queries.GetSummaryAsync(ct);
        await lifecycle.DeleteAsync(failed.AccountId, deleteDocuments: true, ct);

        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var audit = await db.AuditEntries.ToListAsync(ct);
        audit.Select(a => a.Action).ShouldContain("account.connect_failed");
        audit.Select(a => a.Action).ShouldContain("account.connected");
        var haystacks = audit.Select(Describe)
            .Concat(errors.Select(e => e.ToString()))
            .Concat(summaries.SelectMany(c => c.Accounts).Select(a => a.Config.ToJsonString() + a.Error))
            .Concat(bed.Logs.Lines)
            .ToList();
        haystacks.ShouldNotBeEmpty();
        haystacks.ShouldAllBe(text => !text.Contains(GoodPassword) && !text.Contains(TestMailConnector.WrongPassword));
    }

    private static string Describe(AuditEntry a) => $"{a.Action} {a.TargetType} {a.TargetId} {a.Summary}";
}
