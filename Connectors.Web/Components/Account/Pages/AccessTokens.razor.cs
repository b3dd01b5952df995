using Connectors.Domain.AccessTokens;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Components;

namespace Connectors.Web.Components.Account.Pages;

/// <summary>
/// The signed-in user's personal access tokens (static SSR, like the other account pages): create one
/// (name + expiry; the token is shown once, in the answer to the POST), list them with created / last used /
/// expires, revoke. Tokens act in the tenant the user is acting in now; impersonating support cannot create
/// them (a token would outlive the impersonation), nor can a role without access to the admin API.
/// </summary>
public sealed partial class AccessTokens
{
    internal static readonly IReadOnlyList<(string Value, string Text)> ExpiryChoices =
        [("7", "in 7 days"), ("30", "in 30 days"), ("90", "in 90 days"), ("365", "in 1 year"), ("never", "never")];

    private IReadOnlyList<AccessTokenSummary> _tokens = [];
    private CreatedAccessToken? _created;
    private string? _error;
    private string? _unavailable;
    private string? _tenantName;

    [Inject]
    private PersonalAccessTokenService Tokens { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "create-token")]
    private TokenInput Input { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "revoke-token")]
    private Guid? RevokeId { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    private CancellationToken Ct => HttpContext.RequestAborted;

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        var user = await CurrentUser.GetAsync(Ct);
        _tenantName = user?.CurrentTenant?.Name;
        _unavailable = Tokens.CreateRefusal();
        await LoadAsync();
    }

    private async Task CreateAsync()
    {
        int? days = int.TryParse(Input.Expiry, out var d) ? d : null;
        try
        {
            _created = await Tokens.CreateAsync(Input.Name, Input.Expiry == "never" ? null : days ?? 0, Ct);
            Input = new();
        }
        catch (Exception e) when (e is ValidationFailedException or AccessDeniedException)
        {
            _error = e.Message;
        }

        await LoadAsync();
    }

    private async Task RevokeAsync()
    {
        if (RevokeId is not { } id)
        {
            return;
        }

        try
        {
            await Tokens.RevokeAsync(id, Ct);
        }
        catch (NotFoundException e)
        {
            _error = e.Message;
        }

        await LoadAsync();
    }

    private async Task LoadAsync() => _tokens = await Tokens.ListMineAsync(Ct);

    private string StateOf(AccessTokenSummary token) =>
        token.IsRevoked ? "revoked" : token.IsExpired(Clock.GetUtcNow()) ? "expired" : "active";

    private sealed class TokenInput
    {
        public string? Name { get; set; }

        public string Expiry { get; set; } = "30";
    }
}
