using Microsoft.Playwright;

namespace Connectors.E2E.Accessibility;

/// <summary>Every routable page of the app, grouped by who can open it. <see cref="RouteCoverageTests"/> holds the
/// list against the app's <c>@page</c> routes, so a new page cannot go unscanned.</summary>
public static class AuditedPages
{
    public static readonly AuditedPage[] SignedOut =
    [
        new("sign-in", "/account/login", _ => "/account/login", p => Visible(p.GetByTestId("login-submit")), Interactive: false),
    ];

    public static readonly AuditedPage[] Admin =
    [
        new("overview", "/admin", _ => "/admin", p => Visible(p.GetByTestId("attention"))),
        new("connectors", "/admin/connectors", _ => "/admin/connectors",
            p => Assertions.Expect(p.GetByTestId("account-row")).ToHaveCountAsync(3)),
        new("account detail", "/admin/connectors/accounts/{Id:guid}", d => $"/admin/connectors/accounts/{d.SyncedAccountId}",
            async p =>
            {
                await Assertions.Expect(p.GetByTestId("history-row")).ToHaveCountAsync(1);
                await Assertions.Expect(p.GetByTestId("sync-history-chart")).ToHaveAttributeAsync("data-runs", "1");
                await Assertions.Expect(p.GetByTestId("held-removals")).ToHaveAttributeAsync("data-count", "3");
            }),
        new("account not found", "/admin/connectors/accounts/{Id:guid}", _ => $"/admin/connectors/accounts/{Guid.Empty}",
            p => Visible(p.GetByTestId("account-not-found"))),
        new("accounts table", "/admin/accounts", _ => "/admin/accounts",
            p => Assertions.Expect(p.GetByTestId("account-row")).ToHaveCountAsync(3)),
        new("projects", "/admin/projects", _ => "/admin/projects", p => Visible(p.GetByTestId("project-row").First)),
        new("documents", "/admin/documents", _ => "/admin/documents", p => Visible(p.GetByTestId("document-row").First)),
        new("notifications", "/admin/notifications", _ => "/admin/notifications",
            async p =>
            {
                await Visible(p.GetByTestId("channel-row").First);
                await Visible(p.GetByTestId("delivery-row").First);
            }),
        new("credentials", "/admin/credentials", _ => "/admin/credentials", p => Visible(p.GetByTestId("credential-row").First)),
        new("audit log", "/admin/audit", _ => "/admin/audit", p => Visible(p.GetByTestId("audit-row").First)),
        new("change password", "/account/manage/password", _ => "/account/manage/password",
            p => Visible(p.GetByTestId("change-password-submit")), Interactive: false),
        new("access tokens", "/account/manage/tokens", _ => "/account/manage/tokens",
            p => Visible(p.GetByTestId("token-create")), Interactive: false),
        // Without a state the callback cannot complete: the page that explains it (the only way it renders).
        new("oauth callback error", "/connectors/oauth/callback", _ => "/connectors/oauth/callback",
            p => Visible(p.GetByTestId("oauth-error")), Interactive: false),
        new("not found", "/not-found", _ => "/no-such-page", p => Visible(p.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })),
            Interactive: false),
        new("error", "/error", _ => "/error", p => Visible(p.GetByRole(AriaRole.Heading, new() { Name = "Something went wrong" })),
            Interactive: false),
    ];

    /// <summary>A tenant member, who may not open the admin pages: the start page (admins are taken on from it to
    /// the connectors page) and the access-denied page.</summary>
    public static readonly AuditedPage[] Member =
    [
        new("home", "/", _ => "/", p => Visible(p.GetByTestId("signed-in-email"))),
        new("access denied", "/account/access-denied", _ => "/admin/connectors",
            p => Visible(p.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })), Interactive: false),
    ];

    public static readonly AuditedPage[] Support =
    [
        new("support tenants", "/support/tenants", _ => "/support/tenants", p => Visible(p.GetByTestId("tenant-row").First)),
    ];

    public static IEnumerable<AuditedPage> All => SignedOut.Concat(Admin).Concat(Member).Concat(Support);

    private static Task Visible(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();
}
