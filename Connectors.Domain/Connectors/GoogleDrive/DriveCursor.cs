using System.Text.Json.Nodes;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>Where the changes feed continues and for which scope it was listed.</summary>
internal sealed record DriveCursorState(string PageToken, string? ScopeFingerprint);

/// <summary>The account's changes-feed page token, kept in the vault's non-secret <c>Extra</c> under
/// <see cref="GoogleDriveConnector.CursorKey"/>, and the <see cref="DriveScope.Fingerprint"/> of the settings the files
/// were last listed with (under <see cref="ScopeKey"/>; absent: no filters). Saved only after the work it covers is
/// ingested, so a failed or rate-limited run starts again from the previous token.</summary>
internal sealed class DriveCursor(CredentialVault vault, Guid accountId)
{
    public const string ScopeKey = "google-drive.scope";

    public async Task<DriveCursorState?> LoadAsync(CancellationToken ct)
    {
        var extra = (await vault.GetAsync(accountId, ct))?.Extra;
        return extra?[GoogleDriveConnector.CursorKey] is JsonValue value && value.TryGetValue(out string? token) && !string.IsNullOrEmpty(token)
            ? new DriveCursorState(token, extra[ScopeKey] is JsonValue scope && scope.TryGetValue(out string? fingerprint) ? fingerprint : null)
            : null;
    }

    /// <summary>Saves the token and, when given and different from <paramref name="previous"/>, the scope it was listed for
    /// (the token first: a run stopped between the two lists again, which is harmless).</summary>
    public async Task SaveAsync(string pageToken, string? fingerprint, DriveCursorState? previous, CancellationToken ct)
    {
        if (pageToken != previous?.PageToken)
        {
            await vault.SetExtraKeyAsync(accountId, GoogleDriveConnector.CursorKey, JsonValue.Create(pageToken), ct);
        }

        if (fingerprint is not null && fingerprint != previous?.ScopeFingerprint)
        {
            await vault.SetExtraKeyAsync(accountId, ScopeKey, JsonValue.Create(fingerprint), ct);
        }
    }
}
