using System.Text.Json.Nodes;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>The account's changes-feed page token, kept in the vault's non-secret <c>Extra</c> under
/// <see cref="GoogleDriveConnector.CursorKey"/>. Saved only after the work it covers is ingested, so a
/// failed or rate-limited run starts again from the previous token.</summary>
internal sealed class DriveCursor(CredentialVault vault, Guid accountId)
{
    public async Task<string?> LoadAsync(CancellationToken ct) =>
        (await vault.GetAsync(accountId, ct))?.Extra[GoogleDriveConnector.CursorKey] is JsonValue value
        && value.TryGetValue(out string? token) && !string.IsNullOrEmpty(token)
            ? token
            : null;

    public Task SaveAsync(string pageToken, CancellationToken ct) =>
        vault.SetExtraKeyAsync(accountId, GoogleDriveConnector.CursorKey, JsonValue.Create(pageToken), ct);
}
