using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Cli;

/// <summary>Each verb end to end against a fresh database, and the bad-input contract:
/// exit 1 with one line on standard error.</summary>
public sealed class ConnectorsCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string DatabasePath => _cli.DatabasePath;

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Migrate_FreshFile_CreatesTheDatabase()
    {
        var result = await RunAsync("migrate");

        result.ShouldSucceedWith("Database is up to date.");
        File.Exists(DatabasePath).ShouldBeTrue();
    }

    [Fact]
    public async Task TenantsAddThenList_ShowsTheTenantWithItsDefaultProject()
    {
        var added = await RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex Corp", "--default-project", "support-kb");
        var listed = await RunAsync("tenants", "list");

        added.ShouldSucceedWith("Tenant 'globex' created (default project 'support-kb').");
        listed.ExitCode.ShouldBe(0);
        listed.Out.ShouldContain("globex");
        listed.Out.ShouldContain("Globex Corp");
        (await ProjectKeysAsync("globex")).ShouldBe(["support-kb"]);
    }

    [Fact]
    public async Task ProjectsAdd_ExistingTenant_AddsToItsRegistry()
    {
        await RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex");

        var result = await RunAsync("projects", "add", "--tenant", "globex", "--key", "legal", "--name", "Legal");

        result.ShouldSucceedWith("Project 'legal' added to tenant 'globex'.");
        (await ProjectKeysAsync("globex")).ShouldBe(["default", "legal"]);
    }

    [Fact]
    public async Task UsersAdd_PasswordOnStdin_CreatesUserWithRole()
    {
        await RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex");

        var result = await RunAsync(["users", "add", "--email", "ops@globex.test", "--tenant", "globex", "--role", "admin"], stdin: "Very-Long-Passw0rd\n");

        result.ShouldSucceedWith("User 'ops@globex.test' created (tenant 'globex' as admin).");
        await using var db = Open();
        var user = await db.Users.SingleAsync(u => u.Email == "ops@globex.test", TestContext.Current.CancellationToken);
        (await db.Memberships.SingleAsync(m => m.UserId == user.Id, TestContext.Current.CancellationToken)).Role.ShouldBe(TenantRole.Admin);
        user.PasswordHash.ShouldNotBeNullOrEmpty();
        user.PasswordHash.ShouldNotContain("Very-Long-Passw0rd");
    }

    [Fact]
    public async Task UsersAdd_SupportWithoutTenant_CreatesPlatformSupport()
    {
        var result = await RunAsync(["users", "add", "--email", "helper@connectors.test", "--support"], stdin: "Very-Long-Passw0rd\n");

        result.ExitCode.ShouldBe(0);
        await using var db = Open();
        (await db.Users.SingleAsync(u => u.Email == "helper@connectors.test", TestContext.Current.CancellationToken)).IsSupport.ShouldBeTrue();
    }

    [Theory]
    [InlineData("--password", "hunter2-hunter2")]
    [InlineData("--password=hunter2-hunter2", null)]
    public async Task UsersAdd_PasswordAsArgument_IsRefused(string option, string? value)
    {
        string[] args = ["users", "add", "--email", "x@acme.test", "--tenant", "acme", "--role", "admin", option, .. value is null ? [] : new[] { value }];

        var result = await RunAsync(args);

        result.ShouldFailWith("error: --password is refused: secrets are read from standard input, never from an argument.");
        File.Exists(DatabasePath).ShouldBeFalse();
    }

    [Theory]
    [InlineData("error: Unknown command 'tenants remove'.", "tenants", "remove")]
    [InlineData("error: --slug is required.", "tenants", "add", "--name", "X")]
    [InlineData("error: --name needs a value.", "tenants", "add", "--slug", "x", "--name")]
    [InlineData("error: Unknown option --colour.", "tenants", "list", "--colour", "red")]
    [InlineData("error: Tenant slug 'Bad Slug' is not valid", "tenants", "add", "--slug", "Bad Slug", "--name", "X")]
    [InlineData("error: Tenant 'nowhere' does not exist.", "projects", "add", "--tenant", "nowhere", "--key", "k", "--name", "K")]
    [InlineData("error: --role 'owner' is not one of: super-admin, admin, member.", "users", "add", "--email", "a@b.test", "--tenant", "t", "--role", "owner")]
    public async Task BadArguments_ExitOneWithOneLine(string expectedStart, params string[] args)
    {
        var result = await RunAsync(args);

        result.ExitCode.ShouldBe(1);
        result.Err.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith(expectedStart);
        result.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task TenantsAdd_DuplicateSlug_ExitsOneNamingTheSlug()
    {
        await RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex");

        var result = await RunAsync("tenants", "add", "--slug", "globex", "--name", "Again");

        result.ShouldFailWith("error: A tenant with slug 'globex' already exists.");
    }

    [Fact]
    public async Task UsersAdd_WeakPasswordOnStdin_ExitsOneWithoutEchoingIt()
    {
        await RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex");

        var result = await RunAsync(["users", "add", "--email", "a@globex.test", "--tenant", "globex", "--role", "member"], stdin: "short\n");

        result.ExitCode.ShouldBe(1);
        result.Err.ShouldStartWith("error: Passwords must be at least 12 characters.");
        result.Err.ShouldNotContain("short\n");
    }

    [Fact]
    public async Task UsersAdd_NoStdin_ExitsOneExplainingWhere()
    {
        await RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex");

        var result = await RunAsync(["users", "add", "--email", "a@globex.test", "--tenant", "globex", "--role", "member"], stdin: "");

        result.ExitCode.ShouldBe(1);
        result.Err.ShouldStartWith("error: No password on standard input");
    }

    [Fact]
    public async Task Migrate_DatabaseCannotBeOpened_ExitsTwoWithOneLine()
    {
        var blocker = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the database folder should be", TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync(["migrate"], "",
            new Dictionary<string, string?> { ["ConnectionStrings:Connectors"] = $"Data Source={Path.Combine(blocker, "cli.db")}" });

        result.ExitCode.ShouldBe(2);
        result.Err.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith("error: ");
    }

    [Fact]
    public void IsVerb_RecognisesVerbsButNotHostArguments()
    {
        ConnectorsCli.IsVerb(["tenants", "list"]).ShouldBeTrue();
        ConnectorsCli.IsVerb(["--Database:Provider", "SqlServer"]).ShouldBeFalse();
        ConnectorsCli.IsVerb([]).ShouldBeFalse();
    }

    private Task<CliResult> RunAsync(params string[] args) => _cli.RunAsync(args);

    private Task<CliResult> RunAsync(string[] args, string stdin) => _cli.RunAsync(args, stdin);

    private async Task<List<string>> ProjectKeysAsync(string slug)
    {
        await using var db = Open();
        var tenantId = await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
        return await db.Database.SqlQuery<string>($"SELECT \"Key\" AS \"Value\" FROM \"Projects\" WHERE \"TenantId\" = {tenantId} ORDER BY \"Key\"")
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    private SqliteConnectorsDbContext Open() => _cli.Open();
}
