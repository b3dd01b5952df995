using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Cli;

/// <summary><c>users set-password --email E</c>: the way back in for an operator who missed the printed seed
/// passwords. The new password comes from standard input and is never printed.</summary>
public sealed class UsersSetPasswordCliTests : IAsyncLifetime
{
    private const string Email = "ops@globex.test";
    private const string OldPassword = "Old-Passw0rd-For-Ops";
    private const string NewPassword = "New-Passw0rd-For-Ops";

    private readonly CliHarness _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "globex", "--name", "Globex")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync(["users", "add", "--email", Email, "--tenant", "globex", "--role", "super-admin"], OldPassword + "\n")).ExitCode.ShouldBe(0);
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task SetPassword_KnownUser_TheNewPasswordSignsInAndTheOldOneNoLonger()
    {
        var stampBefore = (await FindAsync()).SecurityStamp;

        var result = await SetPasswordAsync(Email, NewPassword + "\n");

        result.ShouldSucceedWith($"Password of '{Email}' set; any lockout is lifted");
        result.Out.ShouldNotContain(NewPassword);
        await using var domain = _cli.Domain();
        await using var scope = domain.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>();
        var user = (await users.FindByEmailAsync(Email))!;
        (await users.CheckPasswordAsync(user, NewPassword)).ShouldBeTrue();
        (await users.CheckPasswordAsync(user, OldPassword)).ShouldBeFalse();
        user.SecurityStamp.ShouldNotBe(stampBefore, "sessions signed in with the old password must end");
    }

    [Fact]
    public async Task SetPassword_LockedOutUser_LiftsTheLockout()
    {
        await using (var db = _cli.Open())
        {
            var user = await db.Users.SingleAsync(u => u.Email == Email, Ct);
            (user.LockoutEnd, user.AccessFailedCount) = (DateTimeOffset.UtcNow.AddMinutes(5), 5);
            await db.SaveChangesAsync(Ct);
        }

        (await SetPasswordAsync(Email, NewPassword + "\n")).ExitCode.ShouldBe(0);

        var unlocked = await FindAsync();
        unlocked.LockoutEnd.ShouldBeNull();
        unlocked.AccessFailedCount.ShouldBe(0);
    }

    [Fact]
    public async Task SetPassword_UnknownUser_ExitsOneNamingTheEmail()
    {
        var result = await SetPasswordAsync("nobody@globex.test", NewPassword + "\n");

        result.ShouldFailWith("error: No user has the email 'nobody@globex.test'.");
        result.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("short", "error: password (standard input): Passwords must be at least 12 characters.")]
    [InlineData("all-lowercase-and-long", "error: password (standard input): Passwords must have at least one digit ('0'-'9').")]
    public async Task SetPassword_WeakPassword_ExitsOneNamingTheFieldWithoutEchoingItAndKeepsTheOldOne(string weak, string expectedStart)
    {
        var result = await SetPasswordAsync(Email, weak + "\n");

        result.ShouldFailWithOneLine(expectedStart);
        result.Err.ShouldNotContain(weak);
        result.Out.ShouldBeEmpty();
        await using var domain = _cli.Domain();
        await using var scope = domain.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>();
        (await users.CheckPasswordAsync((await users.FindByEmailAsync(Email))!, OldPassword)).ShouldBeTrue();
    }

    [Fact]
    public async Task SetPassword_NothingOnStandardInput_ExitsOneSayingWhereItIsRead()
    {
        var result = await SetPasswordAsync(Email, "");

        result.ShouldFailWithOneLine("error: No password on standard input");
    }

    [Fact]
    public async Task SetPassword_PasswordAsAnArgument_IsRefusedBeforeAnythingIsTouched()
    {
        var stampBefore = (await FindAsync()).SecurityStamp;

        var result = await _cli.RunAsync(["users", "set-password", "--email", Email, "--password", NewPassword], "");

        result.ShouldFailWith("error: --password is refused: secrets are read from standard input, never from an argument.");
        (await FindAsync()).SecurityStamp.ShouldBe(stampBefore);
    }

    [Fact]
    public async Task SetPassword_WithoutEmail_ExitsOneNamingTheOption()
    {
        var result = await _cli.RunAsync(["users", "set-password"], NewPassword + "\n");

        result.ShouldFailWith("error: --email is required.");
    }

    private Task<CliResult> SetPasswordAsync(string email, string stdin) =>
        _cli.RunAsync(["users", "set-password", "--email", email], stdin);

    private async Task<ConnectorsUser> FindAsync()
    {
        await using var db = _cli.Open();
        return await db.Users.SingleAsync(u => u.Email == Email, Ct);
    }
}
