using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary><c>/api/admin/accounts</c>: the accounts table (search, filters, order, paging); <c>/api/admin/accounts/{id}</c>:
/// read, edit (PATCH semantics), delete and reconnect one account of the caller's tenant. Another tenant's id is 404, exactly like an id that exists nowhere.</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts", ListAsync)
            .WithName("ListAccounts")
            .WithSummary("The accounts table across connectors, one page: q (label, connector, project), status (repeatable, kebab-case), " +
                "connector, project, stale=true, sort (label, status, last-sync, next-sync, last-outcome; '-' in front for descending), page, pageSize (1-200).")
            .Produces<AccountTablePage>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/accounts/{id:guid}", GetAsync)
            .WithName("GetAccount")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/accounts/{id:guid}", PatchAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("EditAccount")
            .WithSummary("Changes only the properties sent: label; projectKey (\"\" or null clears the binding); cadenceMinutes (null inherits).")
            .Accepts<AccountPatchRequest>("application/json")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/accounts/{id:guid}", DeleteAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("DeleteAccount")
            .WithSummary("Disconnects and deletes the account; ?deleteDocuments=true also deletes its documents (default: kept, unlinked).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/reconnect", ReconnectAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("ReconnectAccount")
            .WithSummary("Re-runs the credential form on a Pending, NeedsReconnect or Error account (same id and history).")
            .Accepts<CredentialAccountRequest>("application/json")
            .Produces<AccountSummary>()
            .Produces<AuthorizeResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{id:guid}/settings", GetSettingsAsync)
            .WithName("GetAccountSettings")
            .WithSummary("The account's settings: the connector's settings form, every field's value (stored or default) and which are customized.")
            .Produces<AccountSettings>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/accounts/{id:guid}/settings", PatchSettingsAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("EditAccountSettings")
            .WithSummary("Changes only the settings sent, keyed by the settings form's field names; null restores a field's default. " +
                "422 names each rejected field; nothing is saved then.")
            .Produces<AccountSettings>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static string PathOf(Guid id) => $"/api/admin/accounts/{id}";

    private static async Task<Ok<AccountTablePage>> ListAsync(HttpRequest request, AccountTable table, CancellationToken ct) =>
        TypedResults.Ok(await table.SearchAsync(AccountTableQuery.Parse(name => request.Query[name].OfType<string>().ToList()), ct));

    private static async Task<Ok<AccountSummary>> GetAsync(Guid id, AccountQueries accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.GetAccountAsync(id, ct));

    private static async Task<Ok<AccountSummary>> PatchAsync(Guid id, HttpRequest request, AccountQueries accounts, AccountEditor editor, CancellationToken ct)
    {
        var patch = AccountPatchRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        return TypedResults.Ok(patch.IsEmpty ? await accounts.GetAccountAsync(id, ct) : await editor.PatchAsync(id, patch, ct));
    }

    private static async Task<Ok<AccountSettings>> GetSettingsAsync(Guid id, AccountSettingsService settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.GetAsync(id, ct));

    private static async Task<Ok<AccountSettings>> PatchSettingsAsync(Guid id, HttpRequest request, AccountSettingsService settings, CancellationToken ct)
    {
        var body = await ApiJsonBody.ReadObjectAsync(request, ct);
        // The form validator reads JSON values per field (type, range, options), as it does for a created account's form.
        var values = body.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal);
        return TypedResults.Ok(await settings.UpdateAsync(id, values, ct));
    }

    private static async Task<NoContent> DeleteAsync(Guid id, HttpRequest request, AccountLifecycle accounts, CancellationToken ct)
    {
        await accounts.DeleteAsync(id, ApiQuery.Flag(request, "deleteDocuments", fallback: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ReconnectAsync(
        Guid id, HttpRequest request, ConfigureConnectorService configure, AccountQueries accounts, CancellationToken ct)
    {
        var submission = CredentialAccountRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct), withLabel: false);
        return await OutcomeAsync(await configure.ReconnectAsync(id, submission, ct), accounts, created: false, ct);
    }

    /// <summary>The answer to a credential connect: the account (201 when it was created, 200 when it was
    /// reconnected) or 202 with the authorize URL when the connector sends the browser to a provider.</summary>
    internal static async Task<IResult> OutcomeAsync(ConfigureOutcome outcome, AccountQueries accounts, bool created, CancellationToken ct)
    {
        var account = await accounts.GetAccountAsync(outcome.AccountId, ct);
        if (outcome.AuthorizeUrl is { } url)
        {
            return TypedResults.Accepted(PathOf(outcome.AccountId), new AuthorizeResponse(outcome.AccountId, url, account));
        }

        return created ? TypedResults.Created(PathOf(outcome.AccountId), account) : TypedResults.Ok(account);
    }
}
