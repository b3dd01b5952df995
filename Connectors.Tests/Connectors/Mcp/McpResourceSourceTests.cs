using Connectors.Domain.Connectors.Mcp;
using Connectors.Domain.Errors;
using Connectors.Tests.Fakes;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>The SDK client against an SDK server: every page of the listing by cursor, text and text-like blobs read,
/// binaries not; a refused token is an auth failure in the product's words.</summary>
public sealed class McpResourceSourceTests : IAsyncLifetime
{
    private FakeMcpResourceServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeMcpResourceServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListAndRead_EveryPageByCursor_TextAndTextLikeBlobs_NotBinaries()
    {
        _server.AddText("docs://a", "A", "Alpha text");
        _server.AddText("docs://b", "B", "# Beta", "text/markdown");
        _server.AddBlob("docs://c", "C", "{\"gamma\":1}"u8.ToArray(), "application/json");
        _server.AddBlob("docs://d", "D", [0x89, 0x50, 0x4E, 0x47], "image/png");
        _server.AddText("docs://e", "E", "Epsilon");
        using var handler = new SocketsHttpHandler();

        await using var session = await new McpResourceSource(handler).OpenAsync(new Uri(_server.Url), _ => Task.FromResult<string?>(null), Ct);
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await session.ListAsync(cursor, Ct);
            listed.AddRange(page.Resources.Select(r => r.Uri));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        listed.ShouldBe(["docs://a", "docs://b", "docs://c", "docs://d", "docs://e"]);
        _server.Calls.Count(c => c.StartsWith("list", StringComparison.Ordinal)).ShouldBe(3);
        (await session.ReadAsync("docs://a", "text/plain", Ct)).Text.ShouldBe("Alpha text");
        (await session.ReadAsync("docs://c", "application/json", Ct)).Text.ShouldBe("{\"gamma\":1}");
        (await session.ReadAsync("docs://d", "image/png", Ct)).Text.ShouldBeNull();
    }

    [Fact]
    public async Task Read_ABlobWithoutAType_IsNotDecodedAsText()
    {
        _server.AddBlob("docs://unlabelled", "U", [0xC3, 0x28, 0xA0, 0xA1], null!);
        using var handler = new SocketsHttpHandler();
        await using var session = await new McpResourceSource(handler).OpenAsync(new Uri(_server.Url), _ => Task.FromResult<string?>(null), Ct);

        (await session.ReadAsync("docs://unlabelled", null, Ct)).Text.ShouldBeNull();
    }

    [Fact]
    public async Task Open_AWrongPath_IsAConfigurationFailureNamingTheField()
    {
        using var handler = new SocketsHttpHandler();

        var wrong = await Should.ThrowAsync<ConnectorConfigurationException>(() =>
            new McpResourceSource(handler).OpenAsync(new Uri(_server.Url.Replace("/mcp", "/nope", StringComparison.Ordinal)), _ => Task.FromResult<string?>(null), Ct));

        wrong.Message.ShouldBe("The MCP server at 127.0.0.1 answered HTTP 404; check Server URL (server_url).");
    }

    [Fact]
    public async Task Open_WithoutTheToken_IsAnAuthFailureInTheProductsWords()
    {
        _server.RequiredToken = "the-right-token";
        using var handler = new SocketsHttpHandler();

        var refused = await Should.ThrowAsync<ConnectorAuthException>(() => new McpResourceSource(handler).OpenAsync(new Uri(_server.Url), _ => Task.FromResult<string?>("a-wrong-token"), Ct));
        await using var accepted = await new McpResourceSource(handler).OpenAsync(new Uri(_server.Url), _ => Task.FromResult<string?>("the-right-token"), Ct);

        refused.Message.ShouldBe($"The MCP server at 127.0.0.1 refused the account's token. Reconnect the account.");
        (await accepted.ListAsync(null, Ct)).Resources.ShouldBeEmpty();
    }
}
