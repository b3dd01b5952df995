using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>Signing in to a real Dovecot: STARTTLS and IMAPS succeed; an untrusted certificate, a wrong
/// password and a closed port each fail saying which problem it is.</summary>
public sealed class ImapLoginTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{
    private string _user = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _user = await Server.AddUserAsync("support", Password);
    }

    [Fact]
    public async Task Create_ImapWithStartTls_SignsInAndVaultsThePassword()
    {
        var outcome = await CreateAsync(Server.ImapPort, "starttls", validateCert: false, Password);

        outcome.Error.ShouldBeNull();
        outcome.Status.ShouldBe(InstallationStatus.Active);
        (await VaultedAsync(outcome.AccountId))!.Secrets["password"].ShouldBe(Password);
    }

    [Fact]
    public async Task Create_ImapsWithoutCertificateValidation_SignsIn()
    {
        var outcome = await CreateAsync(Server.ImapsPort, "ssl", validateCert: false, Password);

        outcome.Error.ShouldBeNull();
        outcome.Status.ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task Create_ImapsValidatingTheSelfSignedCertificate_SaysItIsACertificateProblem()
    {
        var outcome = await CreateAsync(Server.ImapsPort, "tls", validateCert: true, Password);

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldNotBeNull();
        outcome.Error.ShouldContain("certificate");
        outcome.Error.ShouldContain("not trusted");
        (await VaultedAsync(outcome.AccountId)).ShouldBeNull();
    }

    [Fact]
    public async Task Create_WrongPassword_SaysLoginRefusedStaysPendingAndVaultsNothing()
    {
        var outcome = await CreateAsync(Server.ImapsPort, "ssl", validateCert: false, "not-the-password");

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldStartWith("The IMAP server refused the login:");
        outcome.Error.ShouldContain("check the user name and password");
        outcome.Error.ShouldNotContain("Authentication failed"); // the server's own words are never repeated
        outcome.Error.ShouldNotContain("not-the-password");
        await using var scope = Bed.As(Bed.Acme);
        var account = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(outcome.AccountId, Ct);
        account.Status.ShouldBe(InstallationStatus.Pending);
        account.Error!.Kind.ShouldBe("auth");
        (await VaultedAsync(outcome.AccountId)).ShouldBeNull();
    }

    [Fact]
    public async Task Create_ClosedPort_SaysTheServerIsUnreachable()
    {
        var closedPort = FreePort();

        var outcome = await CreateAsync(closedPort, "ssl", validateCert: false, Password);

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldBe($"The IMAP server 127.0.0.1:{closedPort} is unreachable: the connection was refused (nothing listens on that port).");
    }

    [Fact]
    public async Task Create_LoopbackHostWhilePrivateHostsAreNotAllowed_IsRefused()
    {
        await using var strict = await ImapTestBed.CreateAsync(new Dictionary<string, string?> { ["Connectors:Network:AllowPrivateHosts"] = "false" });

        var outcome = await strict.CreateAccountAsync(strict.Acme, "Support",
            ImapTestBed.Basic(DovecotServer.Host, Server.ImapsPort, "ssl", false, _user, Password));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldBe("The host '127.0.0.1' resolves to 127.0.0.1, a private or loopback address (set Connectors:Network:AllowPrivateHosts to allow it); connecting there is not allowed.");
    }

    [Fact]
    public async Task TestConnection_ActiveAccount_SignsInAndAnswersNoop()
    {
        var outcome = await CreateAsync(Server.ImapsPort, "ssl", validateCert: false, Password);
        await using var scope = Bed.As(Bed.Acme);

        var health = await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().TestConnectionAsync(outcome.AccountId, Ct);

        health.State.ShouldBe(Domain.Connectors.HealthState.Healthy);
    }

    private Task<ConfigureOutcome> CreateAsync(int port, string encryption, bool validateCert, string password) =>
        Bed.CreateAccountAsync(Bed.Acme, "Support", ImapTestBed.Basic(DovecotServer.Host, port, encryption, validateCert, _user, password));

    private async Task<VaultEntry?> VaultedAsync(Guid accountId)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
