using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Credentials;

/// <summary>The tenant's credentials: what each signs in as (never a secret), the accounts using it, its last test. Viewers
/// read; super-admins add, test, rotate and delete (a credential in use is refused, naming the accounts).</summary>
public sealed partial class CredentialsPage
{
    private IReadOnlyList<TenantCredentialView>? _credentials;
    private IReadOnlyList<OAuthAppView>? _apps;
    private IReadOnlyList<(IConnector Connector, FormSchema Form)> _offered = [];
    private bool _busy;

    [Inject]
    private TenantCredentials Credentials { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TenantOAuthApps Apps { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _offered = Credentials.Offered();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _credentials = await Credentials.ListAsync(CancellationToken.None);
        _apps = await Apps.ListAsync(CancellationToken.None);
    }

    private async Task SetAppAsync(OAuthAppView app)
    {
        var dialog = await Dialogs.ShowAsync<OAuthAppDialog>($"Own OAuth app for {app.ConnectorName}",
            new DialogParameters<OAuthAppDialog> { { d => d.App, app } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"{app.ConnectorName} now signs in through the tenant's own OAuth app.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task RemoveAppAsync(OAuthAppView app)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Remove the own OAuth app for {app.ConnectorName}?",
            Message = "Its accounts go back to the deployment's app and are asked to reconnect.",
            YesText = "Remove",
            CancelText = "Cancel",
        });
        if (confirmed == true)
        {
            await RunAsync(async () =>
            {
                await Apps.RemoveAsync(app.Connector, CancellationToken.None);
                Snackbar.Add($"{app.ConnectorName} uses the deployment's OAuth app again.", Severity.Success);
            });
        }
    }

    /// <summary>The non-secret fields, as "value · value" (a site and an email, a server and a login).</summary>
    private static string SignsInAs(TenantCredentialView credential) =>
        string.Join(" · ", credential.Connection.Where(p => p.Value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out _))
            .Select(p => p.Value!.ToString()));

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<CredentialDialog>("Add credential",
            new DialogParameters<CredentialDialog> { { d => d.Offered, _offered } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: TenantCredentialView created })
        {
            Snackbar.Add($"“{created.Name}” added: {created.ConnectorName} accepted it.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task RotateAsync(TenantCredentialView credential)
    {
        var dialog = await Dialogs.ShowAsync<CredentialDialog>($"Rotate {credential.Name}",
            new DialogParameters<CredentialDialog> { { d => d.Offered, _offered }, { d => d.Rotating, credential } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: TenantCredentialView rotated })
        {
            Snackbar.Add($"“{rotated.Name}” rotated (version {rotated.Version}): {rotated.UsedBy.Count} account(s) use it from their next sync.", Severity.Success);
            await LoadAsync();
        }
    }

    private Task TestAsync(TenantCredentialView credential) => RunAsync(async () =>
    {
        var tested = await Credentials.TestAsync(credential.Id, CancellationToken.None);
        if (tested.TestStatus == "passed")
        {
            Snackbar.Add($"“{credential.Name}” signs in.", Severity.Success);
        }
        else
        {
            Snackbar.Add($"“{credential.Name}” was refused: {tested.TestMessage}", Severity.Error);
        }
    });

    private async Task DeleteAsync(TenantCredentialView credential)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Delete “{credential.Name}”?",
            Message = "Its secrets leave the vault. A credential an account still uses is not deleted.",
            YesText = "Delete",
            CancelText = "Cancel",
        });
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Credentials.DeleteAsync(credential.Id, CancellationToken.None);
            Snackbar.Add($"“{credential.Name}” deleted.", Severity.Success);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
            await LoadAsync();
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or AccessDeniedException or InUseException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
