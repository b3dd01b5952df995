using Connectors.Domain.Checks;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Connectors.Tests.Connectors.Imap;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Notifications;

/// <summary>The IMAP connector's probe as a scheduled check against a real Dovecot: a password changed on the server
/// is caught by the next check, which moves the account to Needs reconnect with the product's words.</summary>
public sealed class DovecotCheckTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{
    [Fact]
    public async Task ScheduledCheck_PasswordChangedOnTheServer_MovesTheAccountToNeedsReconnect()
    {
        var user = await Server.AddUserAsync("checked", Password);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Checked", ImapTestBed.Basic("127.0.0.1", Server.ImapPort, "starttls", false, user, Password))).AccountId;
        Bed.Clock.Advance(TimeSpan.FromHours(7));
        (await SweepAsync()).ShouldBe(1);
        (await AccountAsync(account)).TestStatus.ShouldBe(ConnectionTestStatus.Passed);

        await Server.ChangePasswordAsync(user, "a-new-Passw0rd");
        Bed.Clock.Advance(TimeSpan.FromHours(7));
        (await SweepAsync()).ShouldBe(1);

        var checkedAccount = await AccountAsync(account);
        checkedAccount.Status.ShouldBe(InstallationStatus.NeedsReconnect);
        checkedAccount.CheckCategory.ShouldBe("auth");
        checkedAccount.CheckMessage.ShouldNotBeNull().ShouldStartWith("The IMAP server refused the login:");
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.AccountEvents.AsNoTracking().SingleAsync(Ct)).Kind.ShouldBe(AccountEventKinds.NeedsReconnect);
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConnectionChecks>().SweepAsync(Ct);
    }

    private async Task<ConnectorInstallation> AccountAsync(Guid id)
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Installations.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
    }
}
