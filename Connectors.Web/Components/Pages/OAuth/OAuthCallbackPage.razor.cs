using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Microsoft.AspNetCore.Components;

namespace Connectors.Web.Components.Pages.OAuth;

/// <summary>
/// The OAuth redirect URI (<c>/connectors/oauth/callback</c>), rendered statically: it consumes
/// the state for the signed-in user and tenant, lets the connector exchange the code, starts the first sync
/// and redirects to the connectors page, which reports the outcome from the account itself (never from the
/// URL). An unknown, expired, reused or foreign state — or a provider that answered with an error — shows
/// this page with a 400 and changes nothing.
/// </summary>
public sealed partial class OAuthCallbackPage
{
    private string _message = "";

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private OAuthGrants Grants { get; set; } = default!;

    [Inject]
    private AccountLifecycle Lifecycle { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "state")]
    private string? State { get; set; }

    [SupplyParameterFromQuery(Name = "code")]
    private string? Code { get; set; }

    [SupplyParameterFromQuery(Name = "error")]
    private string? Error { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (string.IsNullOrEmpty(State))
        {
            Fail("The provider's answer carries no state, so it cannot be matched to an account.");
            return;
        }

        if (!string.IsNullOrEmpty(Error))
        {
            Fail(Error == "access_denied"
                ? "Access was not granted at the provider (access_denied)."
                : $"The provider answered with an error ({Truncate(Error)}).");
            return;
        }

        ConfigureOutcome outcome;
        try
        {
            outcome = await Grants.CompleteAsync(State, Code, ct);
        }
        catch (Exception e) when (e is OAuthStateException or NotFoundException or ValidationFailedException)
        {
            Fail(e.Message);
            return;
        }

        if (outcome.Status == InstallationStatus.Active)
        {
            await Lifecycle.StartFirstSyncAsync(outcome.AccountId, ct);
        }

        Navigation.NavigateTo($"/admin/connectors?connected={outcome.AccountId}");
    }

    private void Fail(string message)
    {
        _message = message;
        HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>The provider's error code is echoed as text, and only its first characters.</summary>
    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
