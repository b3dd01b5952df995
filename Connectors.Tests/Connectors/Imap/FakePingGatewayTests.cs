using Connectors.Domain.Connectors.Imap;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>The fake mailbox accepts any user name a user can type, as a real server's login would be tried
/// with it (found by the API's fuzz test: a user name that is not an address used to throw).</summary>
public sealed class FakePingGatewayTests
{
    [Theory]
    [InlineData("support@acme.test", "support@acme.test")]
    [InlineData("support", "support@fake-ping.test")]
    [InlineData("'; DROP TABLE Documents; --", "mailbox@fake-ping.test")]
    [InlineData("line\r\nbreak", "mailbox@fake-ping.test")]
    [InlineData("\0", "mailbox@fake-ping.test")]
    public void Messages_AnyUserName_AreAddressedToItOrAStandIn(string username, string expected)
    {
        var messages = FakePingImapGateway.Messages(username);

        messages.Count.ShouldBe(3);
        messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().ShouldBe([expected]);
    }
}
