using Connectors.Web.Mcp;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Web.Api;
using Connectors.Web.Auth;
using Connectors.Web.Components;
using Connectors.Web.Components.Account;
using Connectors.Web.Jobs;
using Connectors.Web.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace Connectors.Web.Extensions;

public static class WebApplicationBuilderExtensions
{
    /// <summary>Everything the web host needs: the domain on the configured database, Identity with
    /// cookies, Blazor Server, health checks.</summary>
    public static WebApplicationBuilder AddConnectorsWeb(this WebApplicationBuilder builder)
    {
        builder.UseSharedAppSettings();
        builder.Logging.QuietExpectedDatabaseRefusals();
        var services = builder.Services;
        services.AddConnectorsDomain(builder.Configuration);
        services.AddShippedConnectors(builder.Configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
            {
                // The cookie, or for /api a personal access token (ApiAuthentication decides per request).
                o.DefaultScheme = ApiAuthentication.SelectorScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Events.OnValidatePrincipal = ImpersonationCookieEvents.ValidatePrincipalAsync;
            // Signing in on the login path makes the cookie handler itself redirect to the raw ReturnUrl: give
            // it the same encoded local URL the page redirects to (a raw é in Location was a 500).
            o.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Headers.Location = LocalReturnUrl.Resolve(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.Configure<SecurityStampValidatorOptions>(ImpersonationCookieEvents.KeepImpersonationWhileValid);
        services.Configure<IdentityOptions>(o =>
        {
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        });
        new IdentityBuilder(typeof(ConnectorsUser), services)
            .AddSignInManager<ConnectorsSignInManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<ConnectorsClaimsFactory>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddConnectorsForwardedHeaders(builder.Configuration);
        services.AddConnectorsPolicies();
        services.AddConnectorsApi();
        services.AddConnectorsMcp();
        services.AddScoped<CircuitHandler, AccessScopeCircuitHandler>();
        services.AddMudServices();
        services.AddScoped<CurrentUser>();
        services.AddScoped<Components.Layout.AttentionBadge>();
        services.AddSyncJobs(builder.Configuration);
        services.AddHealthChecks()
            .AddDbContextCheck<ConnectorsDbContext>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        return builder;
    }
}
