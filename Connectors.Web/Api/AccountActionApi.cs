using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary>The account actions of the connectors page — sync now, test, pause, resume, preview — and its sync
/// history, a page at a time.</summary>
public static class AccountActionApi
{
    public const int DefaultPageSize = 20;

    public static RouteGroupBuilder MapAccountActionApi(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{id:guid}/sync", SyncAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("SyncAccount")
            .WithSummary("Queues a manual sync and hands it to the scheduler; 409 while one is queued or running.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/test", TestAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("TestAccount")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/pause", PauseAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("PauseAccount")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/resume", ResumeAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("ResumeAccount")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/preview", PreviewAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("PreviewAccount")
            .WithSummary("The newest items (?limit, 1–20, default 5) the Active account would ingest under its settings — title, author, date, " +
                "size, excerpt — fetched with its credentials, nothing stored. A connector failure is 200 with the reason in 'error'.")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{id:guid}/held-removals", async (Guid id, HeldRemovals held, CancellationToken ct) =>
                TypedResults.Ok(await held.GetAsync(id, ct) ?? new HeldRemovalsView(id, 0, Guid.Empty, default)))
            .WithName("GetHeldRemovals")
            .WithSummary("The removals the deletion brake holds for the account: how many (0 when none) and the run that held them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/held-removals/apply", async (Guid id, HeldRemovals held, CancellationToken ct) =>
                TypedResults.Ok(new HeldRemovalsDecision(id, "applied", await held.ApplyAsync(id, ct))))
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("ApplyHeldRemovals")
            .WithSummary("Removes exactly the documents a held sync would have removed; 404 when nothing is held. Audited.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{id:guid}/held-removals/keep", async (Guid id, HeldRemovals held, CancellationToken ct) =>
                TypedResults.Ok(new HeldRemovalsDecision(id, "kept", await held.KeepAsync(id, ct))))
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("KeepHeldDocuments")
            .WithSummary("Keeps the documents a held sync would have removed (the held set is dropped); 404 when nothing is held. Audited.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{id:guid}/runs", RunsAsync)
            .WithName("ListAccountRuns")
            .WithSummary("The account's sync runs, newest first: ?page (from 0) and ?pageSize (1–100, default 20).")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Accepted<SyncQueuedResponse>> SyncAsync(Guid id, AccountLifecycle lifecycle, CancellationToken ct)
    {
        var runId = await lifecycle.SyncNowAsync(id, ct);
        return TypedResults.Accepted($"{AccountApi.PathOf(id)}/runs", new SyncQueuedResponse(id, runId));
    }

    private static async Task<Ok<ConnectionTestResponse>> TestAsync(Guid id, AccountLifecycle lifecycle, AccountQueries accounts, CancellationToken ct)
    {
        var health = await lifecycle.TestConnectionAsync(id, ct);
        return TypedResults.Ok(new ConnectionTestResponse(health.State, health.Message, await accounts.GetAccountAsync(id, ct)));
    }

    private static async Task<Ok<AccountSummary>> PauseAsync(Guid id, AccountLifecycle lifecycle, AccountQueries accounts, CancellationToken ct)
    {
        await lifecycle.PauseAsync(id, ct);
        return TypedResults.Ok(await accounts.GetAccountAsync(id, ct));
    }

    private static async Task<Ok<AccountSummary>> ResumeAsync(Guid id, AccountLifecycle lifecycle, AccountQueries accounts, CancellationToken ct)
    {
        await lifecycle.ResumeAsync(id, ct);
        return TypedResults.Ok(await accounts.GetAccountAsync(id, ct));
    }

    private static async Task<Ok<AccountPreview>> PreviewAsync(Guid id, HttpRequest request, AccountPreviews previews, CancellationToken ct) =>
        TypedResults.Ok(await previews.PreviewAsync(id, ApiQuery.Integer(request, "limit", AccountPreviews.DefaultLimit), ct));

    private static async Task<Ok<SyncHistoryPage>> RunsAsync(Guid id, HttpRequest request, SyncHistory history, CancellationToken ct)
    {
        var page = ApiQuery.Integer(request, "page", 0);
        var pageSize = ApiQuery.Integer(request, "pageSize", DefaultPageSize);
        return TypedResults.Ok(await history.ListAsync(id, page, pageSize, ct));
    }
}

/// <summary>What a decision on held removals did: <c>applied</c> (that many documents removed) or <c>kept</c>.</summary>
public sealed record HeldRemovalsDecision(Guid AccountId, string Decision, int Documents);
