using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Connectors.Tests.Components.Shared;

/// <summary>
/// The one setup of the component tests: MudBlazor services, loose JS interop, a signed-in principal
/// with the policies its role really grants, the test clock, and the real domain services over a
/// migrated SQLite test database (the fake connectors plus <see cref="SchemaTestConnector"/>). The
/// domain services come from a scope acting in tenant acme exactly as the app's circuit scope does.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    private readonly List<AsyncServiceScope> _scopes = [];
    private BunitAuthorizationContext _authorization = null!;
    private AsyncServiceScope _scope;

    protected ConnectorsTestBed Bed { get; private set; } = null!;

    /// <summary>What <see cref="SchemaTestConnector"/>'s login received.</summary>
    protected SchemaLoginLog Logins => Bed.Database.Services.GetRequiredService<SchemaLoginLog>();

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Bed = await ConnectorsTestBed.CreateAsync(configure: (services, _) =>
        {
            services.AddSingleton<SchemaLoginLog>();
            services.AddConnector<SchemaTestConnector>();
        });
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Bed.Clock);
        Services.AddFallbackServiceProvider(new DomainServices(this));
        _authorization = AddAuthorization();
        ActAs(TenantRole.SuperAdmin);
    }

    /// <summary>Signs in as a user of tenant acme with <paramref name="role"/>: the principal gets the
    /// app's claims, the policies <see cref="TenantAccess"/> grants for them, and the domain scope the
    /// same tenant and actor. Call before rendering.</summary>
    protected void ActAs(TenantRole role, string userId = "user-1") =>
        SignIn(userId, new Claim(ConnectorsClaims.Tenant, Bed.Acme.ToString()), new Claim(ConnectorsClaims.Role, role.ToString()));

    /// <summary>Signs in as <paramref name="userId"/> with these claims (support, an impersonation…):
    /// the policies and the domain scope follow what <see cref="TenantAccess"/> reads from them, as in
    /// the app. Call before rendering.</summary>
    protected void SignIn(string userId, params Claim[] extraClaims)
    {
        Claim[] claims = [new(ClaimTypes.NameIdentifier, userId), .. extraClaims];
        var access = TenantAccess.From(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")), Bed.Clock.GetUtcNow())!;
        _authorization.SetAuthorized(userId);
        _authorization.SetClaims(claims);
        _authorization.SetPolicies([
            .. access.CanView ? [Policies.ViewConnectors] : Array.Empty<string>(),
            .. access.CanManage ? [Policies.ManageConnectors] : Array.Empty<string>(),
            .. access.IsSupport ? [Policies.Support] : Array.Empty<string>(),
        ]);

        _scope = Bed.Database.Services.CreateAsyncScope();
        _scopes.Add(_scope);
        access.ApplyTo(_scope.ServiceProvider.GetRequiredService<TenantContext>(), _scope.ServiceProvider.GetRequiredService<ActorContext>());
    }

    /// <summary>A domain service from the scope the components use.</summary>
    protected T Domain<T>()
        where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>The connector as the page receives it: the real read summary.</summary>
    protected async Task<ConnectorSummary> SummaryAsync(string connectorKey) =>
        (await Domain<AccountQueries>().GetSummaryAsync(Ct)).Single(c => c.Key == connectorKey);

    /// <summary>Renders the popover and dialog providers (where MudBlazor shows dialogs, menus and the
    /// options of an open select), followed by <paramref name="content"/>.</summary>
    protected IRenderedComponent<IComponent> RenderWithProviders(RenderFragment? content = null) => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.AddContent(2, content);
    });

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        await Bed.DisposeAsync();
    }

    /// <summary>Answers what bUnit's container does not hold from the current domain scope.</summary>
    private sealed class DomainServices(ComponentTestContext context) : IServiceProvider
    {
        public object? GetService(Type serviceType) => context._scope.ServiceProvider.GetService(serviceType);
    }
}
