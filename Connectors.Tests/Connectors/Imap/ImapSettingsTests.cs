using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>The IMAP settings against a real Dovecot: folder options discovered live from the mailbox,
/// a refused login reported as a failure (never as "no folders"), and a saved include list limiting the sync.</summary>
public sealed class ImapSettingsTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{

    [Fact]
    public async Task DiscoverAsync_MailboxWithFolders_ListsEveryFolderInboxFirst()
    {
        var user = await Server.AddUserAsync("folders", Password);
        await Server.AppendAsync(user, Password, "Receipts", [ImapTestBed.Message("Receipt", "Paid.")]);
        await Server.AppendAsync(user, Password, "Archive", [ImapTestBed.Message("Old", "Old mail.")]);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Folders", Mailbox(user))).AccountId;

        var include = await DiscoverAsync(account, "folders.include");
        var exclude = await DiscoverAsync(account, "folders.exclude");

        include.Succeeded.ShouldBeTrue(include.Error);
        include.Options.Select(o => o.Value).ShouldBe(["INBOX", "Archive", "Receipts"]);
        exclude.Options.ShouldBe(include.Options);
    }

    [Fact]
    public async Task DiscoverAsync_PasswordNoLongerAccepted_IsAFailureNamingTheRefusedLogin()
    {
        var user = await Server.AddUserAsync("revoked", Password);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Revoked", Mailbox(user))).AccountId;
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<CredentialVault>()
                .SetSecretsAsync(account, new Dictionary<string, string> { ["password"] = "not-the-password" }, Ct);
        }

        var result = await DiscoverAsync(account, "folders.include");

        result.Succeeded.ShouldBeFalse();
        result.Options.ShouldBeEmpty();
        result.Error.ShouldStartWith("The IMAP server refused the login:");
        result.Error.ShouldNotContain("not-the-password");
    }

    [Fact]
    public async Task Sync_SavedIncludeList_SyncsOnlyThatFolder()
    {
        var user = await Server.AddUserAsync("include", Password);
        await Server.AppendAsync(user, Password, "INBOX", [ImapTestBed.Message("Inbox mail", "In the inbox.")]);
        await Server.AppendAsync(user, Password, "Projects", [ImapTestBed.Message("Project mail", "In the project folder.")]);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Include", Mailbox(user))).AccountId;
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountSettingsService>()
                .UpdateAsync(account, new Dictionary<string, object?> { ["folders.include"] = new[] { " Projects ", "" } }, Ct);
        }

        var result = await Bed.SyncAsync(Bed.Acme, account, full: true);

        (result.Seen, result.Added, result.PartialReason).ShouldBe((1, 1, null));
        (await TitlesAsync()).ShouldBe(["Project mail"]);
    }

    private async Task<DiscoveryResult> DiscoverAsync(Guid account, string field)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<AccountSettingsService>().DiscoverAsync(account, field, Ct);
    }

    private Dictionary<string, object?> Mailbox(string user) =>
        ImapTestBed.Basic(DovecotServer.Host, Server.ImapsPort, "ssl", false, user, Password);

    private async Task<List<string>> TitlesAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Documents.OrderBy(d => d.Title).Select(d => d.Title).ToListAsync(Ct);
    }
}
