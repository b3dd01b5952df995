using Bunit;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Confluence;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Tests.Components.Shared;
using Connectors.Tests.Connectors.Confluence;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Connectors.Tests.Components.Accounts;

/// <summary>
/// The generic add-account dialog with the real <see cref="ConfluenceConnector"/>: its schema renders and
/// validates with no Confluence-specific code in the host, and a valid submission against the fake site
/// creates an Active account. (<see cref="ComponentTestContext"/> registers a fixed set of connectors, so
/// this class sets up the same MudBlazor services over a test bed with Confluence registered.)
/// </summary>
public sealed class ConfluenceDialogTests : BunitContext, IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;
    private FakeProviderServer _server = null!;
    private AsyncServiceScope _scope;
    private IDialogReference _dialog = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeProviderServer.StartAsync(new FakeConfluenceApi());
        _bed = await ConfluenceTestBed.CreateAsync();
        _scope = _bed.As(_bed.Acme);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_bed.Clock);
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
    }

    [Fact]
    public async Task Render_ConfluenceSchema_GroupsAndFieldsInOrderWithTheTokenMasked()
    {
        var host = await OpenAsync();

        var order = host.FindAll(".mud-dialog p.mud-typography-subtitle2, .mud-dialog [data-testid^='field-']")
            .Select(e => e.GetAttribute("data-testid") ?? e.TextContent.Trim());
        order.ShouldBe(["Site", "field-base_url", "Credentials", "field-email", "field-api_token", "Content", "field-space_keys"]);
        host.ByTestId("field-base_url").GetAttribute("placeholder").ShouldBe("https://your-domain.atlassian.net");
        host.ByTestId("field-email").GetAttribute("type").ShouldBe("text");
        host.ByTestId("field-api_token").GetAttribute("type").ShouldBe("password");
        host.Find(".mud-dialog").TextContent.ShouldContain("Create one at id.atlassian.com → Security → API tokens");
        host.Find(".mud-dialog").TextContent.ShouldContain("Comma-separated space keys; empty syncs every space you can read");
    }

    [Fact]
    public async Task Submit_BaseUrlEmpty_ValidatorsMessageUnderTheFieldAndNothingCreated()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Wiki");
        await host.TypeAsync("field-email", FakeConfluenceApi.Email);
        await host.TypeAsync("field-api_token", FakeConfluenceApi.ApiToken);

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.MessageOf("field-base_url").ShouldBe("Base URL is required."));
        host.Messages().ShouldBe(["Base URL is required."]);
        (await SummaryAsync()).Accounts.ShouldBeEmpty();
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_BaseUrlNotAnAddress_ConnectorsMessageNamingBaseUrlShownInline()
    {
        var host = await OpenAsync();
        await FillAsync(host, "ftp://x");

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.ByTestId("form-error").TextContent.ShouldContain("Base URL (base_url) must be an absolute http(s) address"));
        host.Markup.ShouldNotContain(FakeConfluenceApi.ApiToken);
        _dialog.Result.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task Submit_ValidAgainstTheFakeSite_ActiveAccountCreated()
    {
        var host = await OpenAsync();
        await FillAsync(host, _server.BaseUrl);
        await host.TypeAsync("field-space_keys", "ENG, HR");

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        var result = await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        result!.Canceled.ShouldBeFalse();
        var account = (await SummaryAsync()).Accounts.ShouldHaveSingleItem();
        result.Data.ShouldBe(account.Id);
        account.Status.ShouldBe(InstallationStatus.Active);
        account.Config["space_keys"]!.GetValue<string>().ShouldBe("ENG, HR");
        account.Config.ToJsonString().ShouldNotContain(FakeConfluenceApi.ApiToken);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _scope.DisposeAsync();
        await _bed.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task FillAsync(IRenderedComponent<IComponent> host, string baseUrl)
    {
        await host.TypeAsync("account-label", "Wiki");
        await host.TypeAsync("field-base_url", baseUrl);
        await host.TypeAsync("field-email", FakeConfluenceApi.Email);
        await host.TypeAsync("field-api_token", FakeConfluenceApi.ApiToken);
    }

    private async Task<ConnectorSummary> SummaryAsync() =>
        (await _scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct))
        .Single(c => c.Key == ConfluenceConnector.ConnectorKey);

    private async Task<IRenderedComponent<IComponent>> OpenAsync()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
        });
        var connector = await SummaryAsync();
        var projects = await _scope.ServiceProvider.GetRequiredService<ProjectRegistry>().ListAsync(Ct);
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await host.InvokeAsync(() => dialogs.ShowAsync<AddAccountDialog>(null,
            new DialogParameters<AddAccountDialog> { { d => d.Connector, connector }, { d => d.Projects, projects } }));
        host.WaitForElement("[data-testid='connect-submit']");
        return host;
    }
}
