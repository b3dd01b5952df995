using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>The outcome of a preview: the items, or — when the connector could not fetch them — its reason in the
/// product's words (never an empty list in place of an error, so "nothing there" and "could not look" stay apart).</summary>
public sealed record AccountPreview(Guid AccountId, IReadOnlyList<PreviewItem> Items, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// "Preview": the newest few items an Active account would ingest under its current settings, fetched with its
/// stored credentials and shown — no document written, no cursor moved, no run recorded. Needs the manage right
/// (it signs in as the account), is audited, and is bounded by <c>Connectors:Preview:TimeoutSeconds</c>.
/// </summary>
public sealed partial class AccountPreviews(
    AccountStore store,
    ConnectorRegistry registry,
    ActorContext actor,
    AuditLog audit,
    IOptions<ConnectorsOptions> options,
    ILogger<AccountPreviews> logger)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// <summary>Whether the account's connector offers a preview (the page shows the action only then).</summary>
    public bool Offers(string connectorKey) => registry.Find(connectorKey) is ISupportsPreview;

    public async Task<AccountPreview> PreviewAsync(Guid id, int limit, CancellationToken ct)
    {
        actor.EnsureCanManage();
        if (limit is < 1 or > MaxLimit)
        {
            throw new ValidationFailedException("limit", $"Limit must be between 1 and {MaxLimit}.");
        }

        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        if (registry.Find(installation.ConnectorKey) is not ISupportsPreview connector)
        {
            throw new ValidationFailedException("connector", $"The {installation.ConnectorKey} connector has no preview.");
        }

        AccountStore.RequireStatus(installation, "previewed", InstallationStatus.Active);
        var account = await store.DescribeAsync(db, installation, ct);
        var timeoutSeconds = options.Value.Preview.TimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        AccountPreview result;
        try
        {
            result = new(id, [.. (await connector.PreviewAsync(account, limit, timeout.Token)).Take(limit)], null);
        }
        catch (ConnectorException e)
        {
            result = new(id, [], e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result = new(id, [], $"The preview did not finish within {timeoutSeconds} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPreviewThrew(e, id);
            result = new(id, [], "The preview failed unexpectedly; the server log has the details.");
        }

        audit.Record(db, "account.previewed", "account", id.ToString(), result.Succeeded
            ? $"Previewed '{installation.Label}': {result.Items.Count} item(s)."
            : $"Preview of '{installation.Label}' failed.");
        await db.SaveChangesAsync(ct);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The preview of account {AccountId} threw.")]
    private partial void LogPreviewThrew(Exception e, Guid accountId);
}
