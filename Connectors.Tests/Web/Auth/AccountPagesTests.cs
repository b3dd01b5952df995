using System.Net;
using System.Text.RegularExpressions;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web.Hosting;

namespace Connectors.Tests.Web.Auth;

/// <summary>The Identity pages: lockout, change password, and no self-registration.</summary>
public sealed partial class AccountPagesTests : IAsyncLifetime
{
    private readonly ConnectorsAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await WebSession.AddRoleUsersAsync(_app);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        using var client = _app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await AppStartupTests.SignInAsync(client, WebSession.AdminEmail, "wrong-password-" + i);
        }

        var response = await AppStartupTests.SignInAsync(client, WebSession.AdminEmail, WebSession.Password);

        // Refused with the one answer every failed sign-in gets: the lock does not reveal the account exists.
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/login");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(System.Net.WebUtility.HtmlEncode(global::Connectors.Web.Auth.ConnectorsSignInManager.FailedMessage));
        (await client.GetAsync("/admin/connectors", Ct)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_SaysSoAndKeepsTheOldOne()
    {
        using var client = await WebSession.StartAsync(_app, Who.Admin);

        var html = await PostChangeAsync(client, "not-my-password", "Brand-New-Passw0rd!", "Brand-New-Passw0rd!");

        html.ShouldContain("The current password is not correct.");
        html.ShouldNotContain("Brand-New-Passw0rd!");
        using var again = _app.CreateClient();
        (await AppStartupTests.SignInAsync(again, WebSession.AdminEmail, WebSession.Password)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
    }

    [Fact]
    public async Task ChangePassword_ConfirmationDiffers_NamesTheProblem()
    {
        using var client = await WebSession.StartAsync(_app, Who.Admin);

        var html = await PostChangeAsync(client, WebSession.Password, "Brand-New-Passw0rd!", "Other-New-Passw0rd!");

        html.ShouldContain("The two new passwords do not match.");
    }

    [Fact]
    public async Task ChangePassword_Valid_ChangesItAndTheNewOneSignsIn()
    {
        using var client = await WebSession.StartAsync(_app, Who.Admin);

        var html = await PostChangeAsync(client, WebSession.Password, "Brand-New-Passw0rd!", "Brand-New-Passw0rd!");

        html.ShouldContain("Your password has been changed.");
        (await client.GetAsync("/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var fresh = _app.CreateClient();
        (await AppStartupTests.SignInAsync(fresh, WebSession.AdminEmail, "Brand-New-Passw0rd!")).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
    }

    [Theory]
    [InlineData("/account/register")]
    [InlineData("/Identity/Account/Register")]
    public async Task Register_IsNotOffered(string path)
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await client.GetAsync("/account/login", Ct)).Content.ReadAsStringAsync(Ct)).ShouldNotContain("register", Case.Insensitive);
    }

    private static async Task<string> PostChangeAsync(HttpClient client, string old, string @new, string confirm)
    {
        var form = await client.GetStringAsync("/account/manage/password", Ct);
        var token = TokenPattern().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/account/manage/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "change-password",
            ["Input.OldPassword"] = old,
            ["Input.NewPassword"] = @new,
            ["Input.ConfirmPassword"] = confirm,
        }), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
