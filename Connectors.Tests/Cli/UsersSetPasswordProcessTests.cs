namespace Connectors.Tests.Cli;

/// <summary><c>users set-password</c> as the real executable: whatever the outcome, no password reaches
/// standard output or standard error — neither the verb's lines nor any log the host writes.</summary>
public sealed class UsersSetPasswordProcessTests : IDisposable
{
    private const string Email = "ops@acme.test";

    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task SetPassword_RealExecutable_NeverPrintsAPassword()
    {
        const string first = "First-Passw0rd-Kept-Secret";
        const string weak = "weak-secret";
        const string second = "Second-Passw0rd-Kept-Secret";
        (await _cli.RunAsync("", "tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync(first + "\n", "users", "add", "--email", Email, "--tenant", "acme", "--role", "admin")).ExitCode.ShouldBe(0);

        var refused = await _cli.RunAsync(weak + "\n", "users", "set-password", "--email", Email);
        var unknown = await _cli.RunAsync(second + "\n", "users", "set-password", "--email", "nobody@acme.test");
        var set = await _cli.RunAsync(second + "\n", "users", "set-password", "--email", Email);

        refused.ExitCode.ShouldBe(1, refused.Err);
        refused.Err.ShouldStartWith("error: password (standard input): Passwords must be at least 12 characters.");
        unknown.ExitCode.ShouldBe(1, unknown.Err);
        unknown.Err.ShouldBe("error: No user has the email 'nobody@acme.test'." + Environment.NewLine);
        set.ExitCode.ShouldBe(0, set.Err);
        set.Err.ShouldBeEmpty();
        set.Out.ShouldStartWith($"Password of '{Email}' set;");
        foreach (var printed in new[] { refused.Out, refused.Err, unknown.Out, unknown.Err, set.Out, set.Err })
        {
            printed.ShouldNotContain(first);
            printed.ShouldNotContain(weak);
            printed.ShouldNotContain(second);
        }
    }
}
