using System.Text.RegularExpressions;
using Connectors.Domain.Administration;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Cli;

/// <summary><c>accounts add</c> through the executable's entry point: the secret comes from standard
/// input only, goes through the UI's validator and sign-in (the IMAP fake ping), ends up only in the
/// vault, and every refusal is exit 1 with one line naming what was wrong.</summary>
public sealed partial class AccountsAddCliTests : IAsyncLifetime
{
    private const string Password = "Unmistakable-Passw0rd-4c1e";
    private readonly CliHarness _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AccountsAdd_SecretOnStdin_CreatesActiveAccountWithTheSecretOnlyInTheVault()
    {
        var result = await _cli.RunAsync(Imap("Support"), stdin: Password + "\n");

        result.ShouldSucceedWith("Created account 'Support' (imap) in tenant 'acme': id ");
        result.Out.ShouldContain(", status active.");
        (result.Out + result.Err).ShouldNotContain(Password);
        var id = Guid.Parse(IdPattern().Match(result.Out).Groups[1].Value);
        await using var db = _cli.Open();
        var account = await db.Installations.IgnoreQueryFilters().SingleAsync(Ct);
        account.Id.ShouldBe(id);
        account.Status.ShouldBe(InstallationStatus.Active);
        account.ConfigJson.ShouldContain("imap.acme.test");
        account.ConfigJson.ShouldNotContain(Password);
        account.CreatedBy.ShouldBe("cli");
        var audit = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.TargetId == id.ToString()).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["account.created", "account.connected"], ignoreOrder: true);
        audit.ShouldAllBe(a => a.ActorUserId == "cli" && !a.Summary.Contains(Password));
        (await VaultedAsync(id))["password"].ShouldBe(Password);
    }

    [Theory]
    [InlineData("--field", "password=hunter2-hunter2")]
    [InlineData("--field=password=hunter2-hunter2", null)]
    public async Task AccountsAdd_SecretAsField_IsRefusedBeforeAnythingIsTouched(string option, string? value)
    {
        using var fresh = new CliHarness();
        string[] args = [.. Imap("Support"), option, .. value is null ? [] : new[] { value }];

        var result = await fresh.RunAsync(args, stdin: Password + "\n");

        result.ShouldFailWith("error: --field password is refused: 'Password' is a secret, read from standard input, never from an argument.");
        File.Exists(fresh.DatabasePath).ShouldBeFalse();
    }

    [Theory]
    [InlineData("error: Tenant 'nowhere' does not exist.", "nowhere", "imap", "Support", "host=imap.acme.test")]
    [InlineData("error: Connector 'ftp' is not registered.", "acme", "ftp", "Support", "host=imap.acme.test")]
    [InlineData("error: Project 'legal' does not exist in this tenant.", "acme", "imap", "Support", "host=imap.acme.test", "--project", "legal")]
    [InlineData("error: --label 'bad/label': Label must start with a letter or digit", "acme", "imap", "bad/label", "host=imap.acme.test")]
    [InlineData("error: --field host: Host is required.", "acme", "imap", "Support", "host=")]
    [InlineData("error: --field 'host' must be name=value.", "acme", "imap", "Support", "host")]
    [InlineData("error: --field port: Port must be between 1 and 65535.", "acme", "imap", "Support", "host=imap.acme.test", "--field", "port=0")]
    [InlineData("error: --field colour: Unknown field 'colour'.", "acme", "imap", "Support", "host=imap.acme.test", "--field", "colour=red")]
    [InlineData("error: --field host is given more than once.", "acme", "imap", "Support", "host=imap.acme.test", "--field", "host=imap.other.test")]
    [InlineData("error: Unknown option --colour.", "acme", "imap", "Support", "host=imap.acme.test", "--colour", "red")]
    public async Task AccountsAdd_BadInput_ExitsOneWithOneLineNamingIt(
        string expected, string tenant, string connector, string label, string host, params string[] more)
    {
        string[] args = ["accounts", "add", "--tenant", tenant, "--connector", connector, "--label", label,
            "--field", host, "--field", "username=support@acme.test", .. more];

        var result = await _cli.RunAsync(args, stdin: Password + "\n");

        result.ShouldFailWithOneLine(expected);
        result.Out.ShouldBeEmpty();
        result.Err.ShouldNotContain(Password);
        (await AccountCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AccountsAdd_DuplicateLabel_ExitsOneNamingTheLabel()
    {
        (await _cli.RunAsync(Imap("Support"), stdin: Password + "\n")).ExitCode.ShouldBe(0);

        var result = await _cli.RunAsync(Imap("support"), stdin: Password + "\n");

        result.ShouldFailWith("error: An account labelled 'support' already exists for this connector.");
        (await AccountCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task AccountsAdd_RefusedLogin_ExitsOneWithTheReasonAndKeepsNothing()
    {
        var refused = await _cli.RunAsync(Imap("Support", host: "fail.acme.test"), stdin: Password + "\n");
        var retried = await _cli.RunAsync(Imap("Support"), stdin: Password + "\n");

        refused.ShouldFailWithOneLine("error: Sign-in refused for 'Support': The IMAP server refused the login");
        refused.Err.ShouldContain("Nothing was kept.");
        refused.Err.ShouldNotContain(Password);
        retried.ExitCode.ShouldBe(0);
        (await AccountCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task AccountsAdd_NothingOnStdin_ExitsOneSayingWhereTheSecretGoes()
    {
        var result = await _cli.RunAsync(Imap("Support"), stdin: "");

        result.ShouldFailWithOneLine("error: No value for 'Password' on standard input: pipe one line per secret field (password)");
        (await AccountCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AccountsAdd_OAuthConnector_IsRefusedPointingToTheAdminUi()
    {
        using var fresh = new CliHarness();

        var result = await fresh.RunAsync("accounts", "add", "--tenant", "acme", "--connector", "google-drive", "--label", "Drive");

        result.ShouldFailWith("error: Google Drive (google-drive) connects through OAuth: the provider's consent needs a browser. "
            + "Add the account in the admin UI (/admin/connectors).");
        File.Exists(fresh.DatabasePath).ShouldBeFalse();
    }

    [Fact]
    public async Task AccountsAdd_ImapOnOAuth2_ReadsNoSecretAndKeepsNothing()
    {
        string[] args = ["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", "Mail",
            "--field", "auth_mode=xoauth2", "--field", "username=support@acme.test"];

        var result = await _cli.RunAsync(args, stdin: "", new Dictionary<string, string?> { ["Connectors:OAuth:google:ClientId"] = "cli-client" });

        result.ShouldFailWithOneLine("error: 'Mail' signs in through the provider's consent in a browser, which the command line cannot give");
        (await AccountCountAsync()).ShouldBe(0);
        await using var db = _cli.Open();
        (await db.OAuthStates.IgnoreQueryFilters().CountAsync(Ct)).ShouldBe(0);
    }

    private static string[] Imap(string label, string host = "imap.acme.test") =>
        ["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", label,
            "--field", $"host={host}", "--field", "username=support@acme.test"];

    private async Task<int> AccountCountAsync()
    {
        await using var db = _cli.Open();
        return await db.Installations.IgnoreQueryFilters().CountAsync(Ct);
    }

    private async Task<IReadOnlyDictionary<string, string>> VaultedAsync(Guid accountId)
    {
        await using var services = _cli.Domain();
        await using var scope = services.CreateAsyncScope();
        var tenantId = (await scope.ServiceProvider.GetRequiredService<Domain.Administration.TenantDirectory>().GetBySlugAsync("acme", Ct)).Id;
        scope.ServiceProvider.GetRequiredService<Domain.Tenancy.TenantContext>().Use(tenantId);
        return (await scope.ServiceProvider.GetRequiredService<Domain.Vault.CredentialVault>().GetAsync(accountId, Ct))!.Secrets;
    }

    [GeneratedRegex(@"id ([0-9a-f-]{36}),")]
    private static partial Regex IdPattern();
}
