using System.Text.Json.Nodes;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;

namespace Connectors.Tests.Installations;

public sealed class ConfigEntriesTests
{
    [Fact]
    public void Flatten_NestedConfig_GivesDottedKeysSorted()
    {
        var config = new JsonObject
        {
            ["auth_mode"] = "basic",
            ["connection"] = new JsonObject { ["port"] = 993, ["host"] = "imap.acme.test", ["validate_cert"] = true },
            ["folders.include"] = new JsonArray("INBOX", "Sent"),
        };

        var rows = ConfigEntries.Flatten(config);

        rows.Select(r => $"{r.Key}={r.Value}").ShouldBe([
            "auth_mode=basic",
            "connection.host=imap.acme.test",
            "connection.port=993",
            "connection.validate_cert=true",
            "folders.include=INBOX, Sent",
        ]);
    }

    [Fact]
    public void Flatten_EmptyConfig_GivesNoRows()
    {
        ConfigEntries.Flatten([]).ShouldBeEmpty();
    }
}
