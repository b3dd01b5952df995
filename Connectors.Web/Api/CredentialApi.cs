using Connectors.Domain.Accounts;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary><c>/api/admin/credentials</c>: the tenant's credentials — list, create, read, rotate (PATCH), test, delete
/// (409 naming the accounts while in use) — and <c>PUT /api/admin/accounts/{id}/credentials</c>, which switches an
/// account between a tenant credential and its own. Secrets go in, never out. Viewers read, super-admins change.</summary>
public static class CredentialApi
{
    public static RouteGroupBuilder MapCredentialApi(this RouteGroupBuilder api)
    {
        api.MapGet("/credentials", async (TenantCredentials credentials, CancellationToken ct) => TypedResults.Ok(await credentials.ListAsync(ct)))
            .WithName("ListCredentials")
            .WithSummary("The tenant's credentials with their connection fields (never a secret), version, last test and the accounts using each.")
            .Produces<IReadOnlyList<TenantCredentialView>>();
        api.MapPost("/credentials", CreateAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("CreateCredential")
            .WithSummary("{ connector, name, values } — values are the fields of the connector's form that belong to a credential, secrets included; the connector signs in with them before anything is saved.")
            .Accepts<CredentialRequest>("application/json")
            .Produces<TenantCredentialView>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/credentials/{id:guid}", async (Guid id, TenantCredentials credentials, CancellationToken ct) => TypedResults.Ok(await credentials.GetAsync(id, ct)))
            .WithName("GetCredential")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/credentials/{id:guid}", RotateAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("RotateCredential")
            .WithSummary("Rotation: { name?, values } — the values sent replace the stored ones (a secret left out keeps its value); checked before saved; every account using it reads the new values at its next operation, and those that had failed are retried.")
            .Accepts<CredentialRequest>("application/json")
            .Produces<TenantCredentialView>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/credentials/{id:guid}/test", async (Guid id, TenantCredentials credentials, CancellationToken ct) => TypedResults.Ok(await credentials.TestAsync(id, ct)))
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("TestCredential")
            .WithSummary("Signs in with the credential now; the answer carries the test status, message and time.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/credentials/{id:guid}", async (Guid id, TenantCredentials credentials, CancellationToken ct) =>
            {
                await credentials.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("DeleteCredential")
            .WithSummary("Deletes a credential no account uses; 409 names the accounts while any does.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/oauth-apps", async (TenantOAuthApps apps, CancellationToken ct) => TypedResults.Ok(await apps.ListAsync(ct)))
            .WithName("ListOAuthApps")
            .WithSummary("Every OAuth connector with the client this tenant uses: its own app (client id, never the secret), the deployment's, or none.")
            .Produces<IReadOnlyList<OAuthAppView>>();
        api.MapPut("/oauth-apps/{key}", SetOAuthAppAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("SetOAuthApp")
            .WithSummary("{ clientId, clientSecret } — the tenant's own OAuth client for the connector, replacing the deployment's for this tenant; a blank secret keeps the stored one. Accounts connected through another client are asked to reconnect.")
            .Accepts<OAuthAppRequest>("application/json")
            .Produces<OAuthAppView>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/oauth-apps/{key}", async (string key, TenantOAuthApps apps, CancellationToken ct) =>
            {
                await apps.RemoveAsync(key, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("RemoveOAuthApp")
            .WithSummary("Goes back to the deployment's client for the connector.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/accounts/{id:guid}/credentials", SwitchAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("SwitchAccountCredentials")
            .WithSummary("{ credentialId } signs the account in with a tenant credential; { credentialId: null, values } with its own. The connector signs in with them first.")
            .Accepts<AccountCredentialsRequest>("application/json")
            .Produces<AccountSummary>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Created<TenantCredentialView>> CreateAsync(HttpRequest request, TenantCredentials credentials, CancellationToken ct)
    {
        var (connector, name, values) = CredentialRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct), create: true);
        var created = await credentials.CreateAsync(connector!, name, values, ct);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/credentials/{created.Id}", created);
    }

    private static async Task<Ok<TenantCredentialView>> RotateAsync(Guid id, HttpRequest request, TenantCredentials credentials, CancellationToken ct)
    {
        var (_, name, values) = CredentialRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct), create: false);
        return TypedResults.Ok(await credentials.RotateAsync(id, name, values, ct));
    }

    private static async Task<Ok<OAuthAppView>> SetOAuthAppAsync(string key, HttpRequest request, TenantOAuthApps apps, CancellationToken ct)
    {
        var (clientId, clientSecret) = OAuthAppRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        return TypedResults.Ok(await apps.SetAsync(key, clientId, clientSecret, ct));
    }

    private static async Task<Ok<AccountSummary>> SwitchAsync(
        Guid id, HttpRequest request, AccountCredentialSwitch switcher, AccountQueries accounts, CancellationToken ct)
    {
        var (credentialId, values) = AccountCredentialsRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        await switcher.SwitchAsync(id, credentialId, values, ct);
        return TypedResults.Ok(await accounts.GetAccountAsync(id, ct));
    }
}
