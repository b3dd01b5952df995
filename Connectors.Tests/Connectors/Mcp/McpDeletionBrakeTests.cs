using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>An MCP server's complete resource listing through the deletion brake: one resource gone goes; a server that
/// suddenly lists almost nothing holds the removals until an admin decides.</summary>
public sealed class McpDeletionBrakeTests : IAsyncLifetime
{
    private McpTestBed _mcp = null!;

    public async ValueTask InitializeAsync() => _mcp = await McpTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _mcp.DisposeAsync();

    [Fact]
    public async Task ASmallDeletionGoesThrough_AnAlmostEmptyListingIsHeld_AndApplyingRemovesExactlyTheHeldSet()
    {
        var uris = Enumerable.Range(1, 60).Select(n => $"docs://page-{n:00}").ToList();
        uris.ForEach(uri => _mcp.Mcp.AddText(uri, uri[7..], $"Text of {uri}"));
        var account = await _mcp.ConnectAsync();
        (await _mcp.RunAsync(account)).Added.ShouldBe(60);

        _mcp.Mcp.Resources.TryRemove(uris[0], out _);
        DeletionBrakeChecks.ShouldHaveGoneThrough(await _mcp.RunAsync(account), removed: 1);

        uris.Skip(2).ToList().ForEach(uri => _mcp.Mcp.Resources.TryRemove(uri, out _));
        var held = await _mcp.RunAsync(account);

        await DeletionBrakeChecks.ShouldBeHeldThenApplyRemovesExactlyTheHeldSetAsync(_mcp.Bed, account, held, held: 58);
        (await _mcp.DocumentsAsync()).ShouldHaveSingleItem().ExternalId.ShouldBe("docs://page-02");
    }
}
