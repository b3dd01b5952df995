using Connectors.Domain.Tenancy;
using Connectors.E2E.Infrastructure;

namespace Connectors.E2E.Accessibility;

/// <summary>One app for all the accessibility tests (they only look, and cancel every dialog they open), seeded
/// so every page shows real content: two synced accounts (history, chart, documents, audit entries), a Pending one
/// (its error alert and Reconnect dialog), a tenant credential one of them signs in with, and a member without access to
/// the admin pages.</summary>
public sealed class AccessibilityApp : IAsyncLifetime
{
    public const string MemberEmail = "member@acme.test";
    public const string MemberPassword = "Member-Passw0rd-1";

    private LiveApp? _app;

    public LiveApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    public AuditData Data { get; private set; } = new(Guid.Empty);

    public async ValueTask InitializeAsync()
    {
        _app = new LiveApp();
        var support = await App.AddImapAccountAsync("Support", "acme-hr");
        await App.RunSyncAsync(support);
        var sales = await App.AddImapAccountAsync("Sales", null);
        await App.RunSyncAsync(sales);
        await App.AddPendingImapAccountAsync("Billing", "engineering");
        await App.AddUserAsync(MemberEmail, MemberPassword, TenantRole.Member);
        await App.SeedNotificationsAsync(support);
        await App.HoldRemovalsAsync(support);
        await App.UseCredentialAsync(sales, await App.AddImapCredentialAsync("Shared mailbox"));
        Data = new AuditData(support);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
