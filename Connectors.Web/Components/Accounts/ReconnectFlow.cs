using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>Reconnect (or Continue) one account, wherever it is offered: an OAuth account goes back to its
/// provider's consent; a credential account gets the credential form again, keeping its label, id and history.</summary>
internal static class ReconnectFlow
{
    /// <summary>True when a credential account was reconnected. An OAuth account leaves the page for the
    /// provider (false: the page is gone). Domain refusals are thrown for the caller to show.</summary>
    public static async Task<bool> RunAsync(
        AccountSummary account, ConnectorSummary connector, IDialogService dialogs, ProjectRegistry projects, OAuthGrants grants, NavigationManager navigation)
    {
        if (connector.AuthKind == ConnectorAuthKind.OAuth)
        {
            // A null project key re-arms the grant without touching the binding.
            var begin = await grants.BeginAsync(account.ConnectorKey, account.Label, null, CancellationToken.None);
            navigation.NavigateTo(begin.AuthorizeUrl.ToString(), forceLoad: true);
            return false;
        }

        var list = await projects.ListAsync(CancellationToken.None);
        var dialog = await dialogs.ShowAsync<AddAccountDialog>(null,
            new DialogParameters<AddAccountDialog> { { d => d.Connector, connector }, { d => d.Projects, list }, { d => d.Reconnect, account } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>"Continue" for an OAuth account whose consent was never finished, else "Reconnect".</summary>
    public static string ActionText(AccountSummary account, ConnectorSummary connector) =>
        connector.AuthKind == ConnectorAuthKind.OAuth && account.Status == InstallationStatus.Pending ? "Continue" : "Reconnect";
}
