using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>
/// Any remote MCP server as a knowledge source: its resources become documents. A credential form (the server's URL,
/// and only where a server needs them a static bearer token or a hand-registered client) that leads, for a server
/// asking for OAuth, to its consent page — discovery, the account's own dynamically registered client, PKCE and the
/// resource indicator are <see cref="McpAuthorization"/>'s. The protocol is the official SDK's client
/// (<see cref="McpResourceSource"/>); a sync is <see cref="McpSync"/>. MCP has no change feed, so an incremental sync
/// lists everything too and the document store leaves unchanged content alone.
/// </summary>
public sealed partial class McpConnector(
    OAuthStateStore states,
    CredentialVault vault,
    McpAuthorization authorization,
    McpResourceSource source,
    IOptions<McpOptions> options,
    IOptions<ConnectorsOptions> connectors,
    ILogger<McpConnector> logger) : CredentialConnector(states, vault), ISupportsPreview
{
    public const string ConnectorKey = "mcp";

    public override string Key => ConnectorKey;

    public override string DisplayName => "MCP server";

    public override FormSchema CredentialForm => McpForms.Credential;

    public override string SignInSummary => "Signs in at the server (OAuth) or with a token";

    private bool AllowHttp => connectors.Value.Network.AllowPrivateHosts;

    /// <summary>A static bearer token, or a server that needs no sign-in: the credential lifecycle (the callback checks
    /// the server at once). A server that asks for OAuth: its consent page.</summary>
    public override async Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct)
    {
        var server = McpServerUrl.From(request.Account.Config, AllowHttp);
        var secrets = request.Secrets ?? new Dictionary<string, string>();
        if (!secrets.ContainsKey(McpForms.BearerToken)
            && await authorization.StartAsync(request, server, ClientId(request.Account), secrets.GetValueOrDefault(McpForms.ClientSecret), ct) is { } consent)
        {
            return consent;
        }

        return await base.InitiateOAuthAsync(request, ct);
    }

    /// <summary>Back from the consent page: the code exchange. A credential replay (static token, open server): the
    /// server is checked with what was typed, and only then does an earlier OAuth sign-in of the account end — its grant
    /// revoked, its registered client deleted — and the new secrets go to the vault.</summary>
    public override async Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct)
    {
        var accountId = callback.Account.Id;
        if (callback.FromProvider)
        {
            if (!await authorization.UsesOAuthAsync(accountId, ct))
            {
                // A consent page left open while the account went on to sign in another way.
                await States.ConsumeAsync(callback.State, accountId, callback.UserId, ct);
                throw new OAuthStateException("This sign-in was replaced: the account now signs in to its MCP server another way. Nothing changed.");
            }

            var server = McpServerUrl.From(callback.Account.Config, AllowHttp);
            await authorization.CompleteAsync(callback, (token, ct2) => CheckAsync(server, _ => Task.FromResult<string?>(token), ct2), ct);
            return;
        }

        await States.ConsumeAsync(callback.State, accountId, callback.UserId, ct);
        await VerifyCredentialsAsync(callback.Account, callback.Secrets, ct);
        await authorization.EndAsync(accountId, ct);
        await Vault.SetSecretsAsync(accountId, callback.Secrets, ct);
    }

    /// <summary>The static-token or open path: one handshake (and a first listing) with what was typed.</summary>
    protected override async Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var server = McpServerUrl.From(account.Config, AllowHttp);
        var token = secrets.GetValueOrDefault(McpForms.BearerToken);
        try
        {
            await CheckAsync(server, _ => Task.FromResult(token), ct);
        }
        catch (ConnectorAuthException e)
        {
            throw new ConnectorAuthException(token is null
                ? $"The MCP server at {server.Host} asks for sign-in; check Server URL (server_url)."
                : $"The MCP server at {server.Host} refused the bearer token; check Bearer token (bearer_token).", e);
        }
    }

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => SyncAsync(context, ct);

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) => SyncAsync(context, ct);

    public override async Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var server = McpServerUrl.From(account.Config, AllowHttp);
            await CheckAsync(server, await BearerAsync(account, timeout.Token), timeout.Token);
            return HealthStatus.Healthy($"Connected to the MCP server at {server.Host}.");
        }
        catch (ConnectorException e)
        {
            return HealthStatus.Failed(e);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy("The MCP server did not answer within 10 s.");
        }
    }

    /// <summary>The first text resources of the listing, read as a sync reads them (MCP lists in the server's order;
    /// there is no "newest").</summary>
    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct)
    {
        var server = McpServerUrl.From(account.Config, AllowHttp);
        await using var session = await source.OpenAsync(server, await BearerAsync(account, ct), ct);
        var items = new List<PreviewItem>();
        string? cursor = null;
        for (var page = 0; page < 3 && items.Count < limit; page++)
        {
            var listed = await session.ListAsync(cursor, ct);
            foreach (var resource in listed.Resources.Where(r => McpResourceSource.IsText(r.MimeType)))
            {
                if (items.Count == limit)
                {
                    break;
                }

                try
                {
                    var read = await session.ReadAsync(resource.Uri, resource.MimeType, ct);
                    if (read.Text is not null)
                    {
                        var document = McpSync.Document(resource, read);
                        items.Add(PreviewItem.From(document, resource.Size));
                    }
                }
                catch (McpResourceUnreadableException)
                {
                    // As in a sync: that resource is skipped.
                }
            }

            if ((cursor = listed.NextCursor) is null)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>Revokes the grant and deletes the client registered for the account (best effort), then forgets it all.</summary>
    public override async Task DisconnectAsync(ConnectorAccount account, CancellationToken ct)
    {
        await authorization.ForgetAsync(account.Id, ct);
        await base.DisconnectAsync(account, ct);
    }

    private async Task<SyncResult> SyncAsync(SyncContext context, CancellationToken ct)
    {
        var server = McpServerUrl.From(context.Account.Config, AllowHttp);
        await using var session = await source.OpenAsync(server, await BearerAsync(context.Account, ct), ct);
        RequireResources(session, server);
        var sync = new McpSync(session, context, options.Value);
        var result = await sync.RunAsync(ct);
        LogSynced(logger, context.Account.Id, result.Seen, result.Added, result.Updated, result.Removed, sync.Binary);
        return result;
    }

    /// <summary>One handshake and the first listing page: the server answers, takes the token and serves resources.</summary>
    private async Task CheckAsync(Uri server, Func<CancellationToken, Task<string?>> bearer, CancellationToken ct)
    {
        await using var session = await source.OpenAsync(server, bearer, ct);
        RequireResources(session, server);
        await session.ListAsync(null, ct);
    }

    private static void RequireResources(McpResourceSource.McpSession session, Uri server)
    {
        if (!session.OffersResources)
        {
            throw new ConnectorConfigurationException(
                $"The MCP server at {server.Host} offers no resources; only servers that list resources can be synced.");
        }
    }

    /// <summary>The account's token source: OAuth (refreshed as needed), the static bearer token, or none.</summary>
    private async Task<Func<CancellationToken, Task<string?>>> BearerAsync(ConnectorAccount account, CancellationToken ct)
    {
        if (await authorization.UsesOAuthAsync(account.Id, ct))
        {
            return await authorization.BearerAsync(account.Id, ct);
        }

        var token = (await Vault.GetAsync(account.Id, ct))?.Secrets.GetValueOrDefault(McpForms.BearerToken);
        return _ => Task.FromResult(token);
    }

    private static string? ClientId(ConnectorAccount account) =>
        (account.Config[FormRouter.ConnectionKey] as System.Text.Json.Nodes.JsonObject)?[McpForms.ClientId] is System.Text.Json.Nodes.JsonValue v
        && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id) ? id.Trim() : null;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "MCP sync of account {AccountId}: {Listed} resources listed, {Added} added, {Updated} updated, {Removed} removed, {Binary} without text skipped.")]
    private static partial void LogSynced(ILogger logger, Guid accountId, int listed, int added, int updated, int removed, int binary);
}
