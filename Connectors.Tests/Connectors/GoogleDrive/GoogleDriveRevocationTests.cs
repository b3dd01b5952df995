using Connectors.Domain.Accounts;
using Connectors.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>Deleting a Drive account revokes its grant at the provider's RFC 7009 endpoint (configurable, pointed at the
/// fake here) before the tokens are forgotten; a provider that cannot be reached never blocks the deletion.</summary>
public sealed class GoogleDriveRevocationTests : IAsyncLifetime
{
    private DriveTestBed _drive = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task Delete_RevokesTheRefreshTokenAtTheProvider_AndTheGrantStopsWorking()
    {
        var account = await _drive.ConnectAsync();
        var access = (await _drive.VaultAsync(account))!.AccessToken!;

        await DeleteAsync(account);

        _drive.Server.OAuth.Revocations.ShouldBe([(FakeGoogleDriveApi.Provider, "refresh_token", true)]);
        (await _drive.VaultAsync(account)).ShouldBeNull();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_drive.Server.BaseUrl}/drive/v3/about?fields=user");
        request.Headers.Authorization = new("Bearer", access);
        (await http.SendAsync(request, Ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Delete_RevocationEndpointDown_StillDeletes_AndLogsWhyWithoutTheToken()
    {
        var account = await _drive.ConnectAsync();
        var refresh = (await _drive.VaultAsync(account))!.RefreshToken!;
        _drive.Server.OAuth.RevocationFailureStatus = 503;

        await DeleteAsync(account);

        (await _drive.VaultAsync(account)).ShouldBeNull();
        await Should.ThrowAsync<InvalidOperationException>(() => _drive.AccountAsync(account)); // no such row any more
        var warning = _drive.Bed.Logs.Lines.Single(l => l.Contains("Could not revoke", StringComparison.Ordinal));
        warning.ShouldContain("answered HTTP 503");
        _drive.Bed.Logs.Lines.ShouldAllBe(l => !l.Contains(refresh, StringComparison.Ordinal));
    }

    private async Task DeleteAsync(Guid account)
    {
        await using var scope = _drive.Bed.As(_drive.Bed.Acme);
        await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().DeleteAsync(account, deleteDocuments: false, Ct);
    }
}
