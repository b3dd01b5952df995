using Bunit;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connectors.Tests.Components.Accounts;

/// <summary>The add-account dialog on <see cref="SchemaTestConnector"/>'s schema, submitting to the real
/// <see cref="ConfigureConnectorService"/> on a test database.</summary>
public sealed partial class AddAccountDialogTests : ComponentTestContext
{
    private IDialogReference _dialog = null!;

    [Fact]
    public async Task Render_SchemaWithEveryFieldType_EachFieldHasItsTestIdAndControl()
    {
        var host = await OpenAsync();

        host.ByTestId("field-auth_mode").GetAttribute("role").ShouldBe("combobox");
        host.ByTestId("field-host").GetAttribute("type").ShouldBe("text");
        host.ByTestId("field-host").GetAttribute("placeholder").ShouldBe("mail.example.com");
        host.ByTestId("field-port").GetAttribute("role").ShouldBe("spinbutton");
        host.Markup.ShouldContain("to 65,535.");
        host.ByTestId("field-use_proxy").GetAttribute("type").ShouldBe("checkbox");
        host.ByTestId("field-username").GetAttribute("type").ShouldBe("text");
        host.ByTestId("field-password").GetAttribute("type").ShouldBe("password");
    }

    [Fact]
    public async Task Render_GroupedSchema_EachSectionHeadingPrecedesItsVisibleFields()
    {
        var host = await OpenAsync();

        var order = host.FindAll(".mud-dialog p.mud-typography-subtitle2, .mud-dialog [data-testid^='field-']")
            .Select(e => e.GetAttribute("data-testid") ?? e.TextContent.Trim());

        order.ShouldBe([
            "Sign-in", "field-auth_mode",
            "Server", "field-host", "field-port", "field-use_proxy",
            "Credentials", "field-username", "field-password",
        ]);
    }

    [Fact]
    public async Task Render_FieldsWithDefaults_DefaultsPrefilled()
    {
        var host = await OpenAsync();

        host.ByTestId("field-auth_mode").TextContent.Trim().ShouldBe("Password");
        host.ByTestId("field-port").GetAttribute("value").ShouldBe("993");
        host.ByTestId("field-use_proxy").Closest(".mud-checkbox")!.InnerHtml.ShouldContain("mud-checkbox-false");
        host.ByTestId("field-host").GetAttribute("value").ShouldBeNull();
    }

    [Fact]
    public async Task SelectChange_FieldsShownIfOnTheSelect_AppearAndDisappearWithoutSubmitting()
    {
        var host = await OpenAsync();
        host.Has("field-api_token").ShouldBeFalse();

        await host.SelectAsync("field-auth_mode", "API token");

        host.WaitForAssertion(() => host.Has("field-api_token").ShouldBeTrue());
        host.Has("field-password").ShouldBeFalse();
        host.ByTestId("field-api_token").GetAttribute("type").ShouldBe("password");

        await host.SelectAsync("field-auth_mode", "Password");

        host.WaitForAssertion(() => host.Has("field-password").ShouldBeTrue());
        host.Has("field-api_token").ShouldBeFalse();
        Logins.Attempts.ShouldBeEmpty();
        (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldBeEmpty();
    }

    [Fact]
    public async Task CheckboxChange_FieldShownIfChecked_AppearsAndDisappearsWithoutSubmitting()
    {
        var host = await OpenAsync();
        host.Has("field-proxy_host").ShouldBeFalse();

        await host.CheckAsync("field-use_proxy", true);

        host.WaitForAssertion(() => host.Has("field-proxy_host").ShouldBeTrue());

        await host.CheckAsync("field-use_proxy", false);

        host.WaitForAssertion(() => host.Has("field-proxy_host").ShouldBeFalse());
        Logins.Attempts.ShouldBeEmpty();
    }

    // The dialog sends only visible fields and the shared validator drops hidden ones again, so this
    // asserts the promise end to end (what the connector and the database receive), not either layer alone.
    [Fact]
    public async Task Submit_ValuesTypedThenHidden_NeitherReachTheConnectorNorTheStoredConfig()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Support");
        await host.TypeAsync("field-host", "mail.acme.test");
        await host.TypeAsync("field-username", "support@acme.test");
        await host.TypeAsync("field-password", "typed-then-hidden-pw");
        await host.CheckAsync("field-use_proxy", true);
        await host.TypeAsync("field-proxy_host", "proxy.acme.test");
        await host.CheckAsync("field-use_proxy", false);
        await host.SelectAsync("field-auth_mode", "API token");
        await host.TypeAsync("field-api_token", "tok-123");

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        var result = await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        result!.Canceled.ShouldBeFalse();
        var login = Logins.Attempts.ShouldHaveSingleItem();
        login.Secrets.Keys.ShouldBe(["api_token"]);
        login.Secrets["api_token"].ShouldBe("tok-123");
        login.Config.ContainsKey("proxy_host").ShouldBeFalse();
        login.Config["use_proxy"]!.GetValue<bool>().ShouldBeFalse();
        login.Config["auth_mode"]!.GetValue<string>().ShouldBe("token");
        login.Config["connection"]!["port"]!.GetValue<double>().ShouldBe(993);
        var stored = (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldHaveSingleItem();
        stored.Status.ShouldBe(InstallationStatus.Active);
        var json = stored.Config.ToJsonString();
        json.ShouldContain("mail.acme.test");
        json.ShouldNotContain("proxy.acme.test");
        json.ShouldNotContain("proxy_host");
        json.ShouldNotContain("typed-then-hidden-pw");
    }

    [Fact]
    public async Task Submit_VisibleRequiredFieldEmpty_MessageUnderTheFieldNamesIt()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Support");
        await host.TypeAsync("field-username", "support@acme.test");
        await host.TypeAsync("field-password", "s3cret-pw");

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.MessageOf("field-host").ShouldBe("Host is required."));
        host.ByTestId("field-host").GetAttribute("aria-invalid").ShouldBe("true");
        host.Has("connect-submit").ShouldBeTrue();
        Logins.Attempts.ShouldBeEmpty();
        (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_RequiredFieldsHidden_NoMessageForThem()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Support");
        await host.TypeAsync("field-password", "s3cret-pw");

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        // proxy_host (checkbox off) and api_token (password mode) are required but hidden.
        host.WaitForAssertion(() => host.Messages().ShouldBe(["Host is required.", "Username is required."], ignoreOrder: true));
        host.Markup.ShouldNotContain("Proxy host is required.");
        host.Markup.ShouldNotContain("API token is required.");
    }

    [Fact]
    public async Task Submit_RequiredFieldShownByCheckboxLeftEmpty_MessageNamesIt()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Support");
        await host.TypeAsync("field-host", "mail.acme.test");
        await host.TypeAsync("field-username", "support@acme.test");
        await host.TypeAsync("field-password", "s3cret-pw");
        await host.CheckAsync("field-use_proxy", true);

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.Messages().ShouldBe(["Proxy host is required."]));
        host.MessageOf("field-proxy_host").ShouldBe("Proxy host is required.");
    }

    [Fact]
    public async Task RevealToggle_Click_SwitchesPasswordToTextAndBack()
    {
        var host = await OpenAsync();
        host.ByTestId("field-password").GetAttribute("type").ShouldBe("password");

        await RevealButton(host).ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.ByTestId("field-password").GetAttribute("type").ShouldBe("text"));

        await RevealButton(host).ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.ByTestId("field-password").GetAttribute("type").ShouldBe("password"));
    }

    [Fact]
    public async Task Submit_LoginRefused_ReasonInlineDialogOpenValuesKeptSecretEmptied()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Support");
        await host.TypeAsync("field-host", "mail.acme.test");
        await host.TypeAsync("field-port", "143");
        await host.TypeAsync("field-username", "support@acme.test");
        await host.TypeAsync("field-password", SchemaTestConnector.WrongPassword);

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.ByTestId("form-error").TextContent.ShouldContain(SchemaTestConnector.RefusalReason));
        _dialog.Result.IsCompleted.ShouldBeFalse();
        host.Has("connect-submit").ShouldBeTrue();
        host.ByTestId("account-label").GetAttribute("value").ShouldBe("Support");
        host.ByTestId("field-host").GetAttribute("value").ShouldBe("mail.acme.test");
        host.ByTestId("field-port").GetAttribute("value").ShouldBe("143");
        host.ByTestId("field-username").GetAttribute("value").ShouldBe("support@acme.test");
        host.ByTestId("field-password").GetAttribute("value").ShouldBeNullOrEmpty();
        host.Markup.ShouldNotContain(SchemaTestConnector.WrongPassword);
    }

    [Fact]
    public async Task Submit_RetryAfterRefusal_ReconnectsTheSameAccount()
    {
        var host = await OpenAsync();
        await FillSupportAsync(host, SchemaTestConnector.WrongPassword);
        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());
        host.WaitForElement("[data-testid='form-error']");

        await host.TypeAsync("field-password", "right-pw");
        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        var result = await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var account = (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldHaveSingleItem();
        result!.Data.ShouldBe(account.Id);
        account.Status.ShouldBe(InstallationStatus.Active);
        Logins.Attempts.Select(a => a.Secrets["password"]).ShouldBe([SchemaTestConnector.WrongPassword, "right-pw"]);
    }

    /// <summary>Label "Support", host, username and the given password: a complete submission.</summary>
    private static async Task FillSupportAsync(IRenderedComponent<IComponent> host, string password)
    {
        await host.TypeAsync("account-label", "Support");
        await host.TypeAsync("field-host", "mail.acme.test");
        await host.TypeAsync("field-username", "support@acme.test");
        await host.TypeAsync("field-password", password);
    }

    private static AngleSharp.Dom.IElement RevealButton(IRenderedComponent<IComponent> host) =>
        host.ByTestId("field-password").Closest(".password-field")!.QuerySelector("button[aria-label='Show or hide the password']")!;

    private async Task<IRenderedComponent<IComponent>> OpenAsync()
    {
        var host = RenderWithProviders();
        var connector = await SummaryAsync(SchemaTestConnector.ConnectorKey);
        var projects = await Domain<ProjectRegistry>().ListAsync(Ct);
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await host.InvokeAsync(() => dialogs.ShowAsync<AddAccountDialog>(null,
            new DialogParameters<AddAccountDialog> { { d => d.Connector, connector }, { d => d.Projects, projects } }));
        host.WaitForElement("[data-testid='connect-submit']");
        return host;
    }
}
