namespace Connectors.Tests.Cli;

/// <summary>The CLI as an operator runs it — <c>dotnet Connectors.Web.dll &lt;verb&gt;</c>, its own process —
/// so what reaches standard error is everything the host prints (framework logs included), not only what
/// the verb writes.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly CliProcess _cli = new();

    [Fact]
    public async Task AccountsAdd_DuplicateLabel_PrintsExactlyOneLineNamingTheLabelAndExitsOne()
    {
        (await RunAsync("", "tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        (await RunAsync("fake-ping-password\n", AddImap("Support"))).ExitCode.ShouldBe(0);

        var duplicate = await RunAsync("fake-ping-password\n", AddImap("support"));

        duplicate.ExitCode.ShouldBe(1, duplicate.Err);
        duplicate.Err.ShouldBe("error: An account labelled 'support' already exists for this connector." + Environment.NewLine);
        duplicate.Out.ShouldBeEmpty();
    }

    private static string[] AddImap(string label) =>
        ["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", label, "--field", "host=imap.acme.test", "--field", "username=support@acme.test"];

    private Task<CliResult> RunAsync(string stdin, params string[] args) => _cli.RunAsync(stdin, args);

    public void Dispose() => _cli.Dispose();
}
