using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary><c>/api/admin/connectors</c>: the read summary (the one the connectors page shows) and account
/// creation — credential form or OAuth — through the same services as the UI.</summary>
public static class ConnectorApi
{
    public static RouteGroupBuilder MapConnectorApi(this RouteGroupBuilder api)
    {
        api.MapGet("/connectors", ListAsync)
            .WithName("ListConnectors")
            .WithSummary("Every registered connector (auth kind, form schema, scopes, configured?) with the tenant's accounts.");
        api.MapPost("/connectors/{key}/accounts", CreateAccountAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("CreateCredentialAccount")
            .WithSummary("Creates a credential account: validates the form, verifies the credentials with the service, vaults the secret.")
            .Accepts<CredentialAccountRequest>("application/json")
            .Produces<AccountSummary>(StatusCodes.Status201Created)
            .Produces<AuthorizeResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/connectors/{key}/oauth", BeginOAuthAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("BeginOAuth")
            .WithSummary("Creates (or re-arms, by label) an OAuth account and returns the provider's authorize URL.")
            .Accepts<OAuthAccountRequest>("application/json")
            .Produces<AuthorizeResponse>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ConnectorSummary>>> ListAsync(AccountQueries accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.GetSummaryAsync(ct));

    /// <summary>201 with the account — Active, or Pending with the service's refusal in <c>error</c> (the
    /// account exists and keeps what was typed but the secret; delete it or reconnect it) — or 202 with an
    /// authorize URL when the connector sends the browser to a provider.</summary>
    private static async Task<IResult> CreateAccountAsync(
        string key, HttpRequest request, ConfigureConnectorService configure, AccountQueries accounts, CancellationToken ct)
    {
        var submission = CredentialAccountRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        var outcome = await configure.CreateAsync(key, submission, ct);
        return await AccountApi.OutcomeAsync(outcome, accounts, created: true, ct);
    }

    private static async Task<Ok<AuthorizeResponse>> BeginOAuthAsync(
        string key, HttpRequest request, OAuthGrants grants, AccountQueries accounts, CancellationToken ct)
    {
        var body = OAuthAccountRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        var begin = await grants.BeginAsync(key, body.Label, body.ProjectKey, ct);
        return TypedResults.Ok(new AuthorizeResponse(begin.AccountId, begin.AuthorizeUrl, await accounts.GetAccountAsync(begin.AccountId, ct)));
    }
}
