using Connectors.Web.Mcp;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Web.Api;
using Connectors.Web.Auth;
using Connectors.Web.Components;
using Connectors.Web.Components.Account;
using Connectors.Web.Endpoints;
using Connectors.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Connectors.Web.Extensions;

public static class WebApplicationExtensions
{
    /// <summary>Applies the migrations, then seeds a first-run database.</summary>
    public static async Task MigrateAndSeedAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var ct = app.Lifetime.ApplicationStopping;
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem("seed");
        await scope.ServiceProvider.GetRequiredService<DatabaseSeeder>().SeedAsync(Console.Out, ct);
    }

    public static WebApplication UseConnectorsWeb(this WebApplication app)
    {
        if (ForwardedHeadersSetup.IsEnabled(app.Configuration))
        {
            // First: everything after it (HSTS, cookies, redirects) sees the client's scheme and host.
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseConnectorsApiErrors();
        app.UseConnectorsMcpStatusCodes();
        app.UseAuthentication();
        app.UseMiddleware<AccessScopeMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapConnectorsWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapImpersonationEndpoints();
        app.MapConnectorsApi();
        app.MapConnectorsMcp();
        // Read-only: GET and HEAD (a health endpoint answering every method looks like a form endpoint).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
