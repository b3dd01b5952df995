using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Tests.Installations;

/// <summary>The accounts table's view in its URL form: read (every bad parameter named at once) and written back.</summary>
public sealed class AccountTableQueryTests
{
    [Fact]
    public void Parse_ReadsTheUrlForm_AndWritesItBack()
    {
        var query = Parse(new()
        {
            ["q"] = [" support "], ["status"] = ["error", "needs-reconnect,paused"], ["connector"] = ["imap"], ["project"] = ["acme-hr"],
            ["stale"] = ["true"], ["sort"] = ["-last-sync"], ["page"] = ["3"], ["pageSize"] = ["25"],
        });

        query.Statuses.ShouldBe([InstallationStatus.Error, InstallationStatus.NeedsReconnect, InstallationStatus.Paused]);
        (query with { Statuses = [] }).ShouldBe(new AccountTableQuery
        {
            Q = "support", Connector = "imap", Project = "acme-hr", StaleOnly = true, Sort = AccountSort.LastSync, Descending = true, Page = 3, PageSize = 25,
        } with { Statuses = [] });
        var back = query.ToParameters().GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).ToList());
        Parse(back).ToParameters().ShouldBe(query.ToParameters());
        back["status"].ShouldBe(["error", "needs-reconnect", "paused"]);
        Parse([]).ToParameters().ShouldBeEmpty();
    }

    [Fact]
    public void Parse_BadValues_NameEveryParameterAtOnce()
    {
        var error = Should.Throw<ValidationFailedException>(() => Parse(new()
        {
            ["status"] = ["broken"], ["sort"] = ["colour"], ["page"] = ["0"], ["pageSize"] = ["5000"], ["stale"] = ["maybe"],
            ["q"] = [new string('x', 201)],
        }));

        error.Errors.Keys.ShouldBe(["q", "status", "stale", "sort", "page", "pageSize"], ignoreOrder: true);
        error.Errors["status"].ShouldContain("needs-reconnect");
        error.Errors["sort"].ShouldContain("last-sync");
        error.Errors["pageSize"].ShouldBe("pageSize must be a whole number from 1 to 200.");
    }

    private static AccountTableQuery Parse(Dictionary<string, List<string>> values) =>
        AccountTableQuery.Parse(name => values.TryGetValue(name, out var v) ? v : []);
}
