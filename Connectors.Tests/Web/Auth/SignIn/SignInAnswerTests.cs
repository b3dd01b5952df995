using System.Net;
using System.Text.RegularExpressions;
using Connectors.Tests.Web.Hosting;
using Connectors.Web.Auth;

namespace Connectors.Tests.Web.Auth.SignIn;

/// <summary>The sign-in answer does not tell whether an account exists: an unknown email, a wrong
/// password and a locked account cost one password verification each and read the same.</summary>
public sealed partial class SignInAnswerTests(SignInApp fixture) : IClassFixture<SignInApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_UnknownEmail_VerifiesOnePasswordHash()
    {
        using var client = fixture.NewClient();
        await AppStartupTests.SignInAsync(client, "warm-up@acme.test", "no-such-account");
        var before = fixture.Hasher.Verifications;

        await AppStartupTests.SignInAsync(client, "nobody@acme.test", "Some-Passw0rd-123");

        (fixture.Hasher.Verifications - before).ShouldBe(1);
    }

    [Fact]
    public async Task SignIn_LockedAccount_VerifiesOnePasswordHash()
    {
        const string email = "locked-cost@acme.test";
        await fixture.AddUserAsync(email, WebSession.Password);
        using var client = fixture.NewClient();
        await LockAsync(client, email);
        var before = fixture.Hasher.Verifications;

        await AppStartupTests.SignInAsync(client, email, WebSession.Password);

        (fixture.Hasher.Verifications - before).ShouldBe(1);
    }

    [Fact]
    public async Task SignIn_UnknownWrongPasswordAndLocked_AnswerWithTheSameMessage()
    {
        const string locked = "locked-message@acme.test";
        await fixture.AddUserAsync(locked, WebSession.Password);
        using var client = fixture.NewClient();
        await LockAsync(client, locked);

        var unknown = await ErrorAsync(client, "nobody@acme.test", WebSession.Password);
        var wrong = await ErrorAsync(client, WebSession.AdminEmail, "not-the-password");
        var lockedOut = await ErrorAsync(client, locked, WebSession.Password);

        unknown.ShouldBe(ConnectorsSignInManager.FailedMessage);
        wrong.ShouldBe(unknown);
        lockedOut.ShouldBe(unknown);
    }

    private static async Task LockAsync(HttpClient client, string email)
    {
        for (var i = 0; i < 5; i++)
        {
            await AppStartupTests.SignInAsync(client, email, "wrong-password-" + i);
        }
    }

    private static async Task<string> ErrorAsync(HttpClient client, string email, string password)
    {
        var response = await AppStartupTests.SignInAsync(client, email, password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var match = ErrorPattern().Match(await response.Content.ReadAsStringAsync(Ct));
        match.Success.ShouldBeTrue($"{email}: no error shown");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex ErrorPattern();
}
