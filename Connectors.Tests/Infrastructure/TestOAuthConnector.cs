using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Domain.Connectors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;

namespace Connectors.Tests.Infrastructure;

/// <summary>
/// An OAuth connector built on the shared <see cref="OAuthConnector"/> lifecycle with nothing of its own:
/// the host-level OAuth tests run the real state, PKCE, code exchange and vault path against the fake
/// provider (<c>Connectors:OAuth:test-oauth:*</c> points at it). Its access check calls the fake's
/// <c>/test/api/me</c>; its syncs find nothing.
/// </summary>
public sealed class TestOAuthConnector(OAuthConnectorServices services) : OAuthConnector(services)
{
    public const string ConnectorKey = "test-oauth";

    public override string Key => ConnectorKey;

    public override string DisplayName => "Test OAuth";

    protected override OAuthProviderDefaults ProviderDefaults { get; } = new(
        new Uri("https://provider.invalid/authorize"),
        new Uri("https://provider.invalid/token"),
        new Uri("https://provider.invalid/"),
        ["content.read"],
        UsePkce: true);

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => Task.FromResult(SyncResult.Empty);

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        Task.FromResult(SyncResult.Empty);

    protected override async Task CheckAccessAsync(ConnectorAccount account, OAuthProvider provider, AuthenticationHeaderValue authorization, CancellationToken ct) =>
        await Http.GetJsonAsync<JsonElement>(DisplayName, Api("test/api/me"), authorization, ct);
}
