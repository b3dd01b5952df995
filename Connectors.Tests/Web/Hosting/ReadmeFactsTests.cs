using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Auth;

namespace Connectors.Tests.Web.Hosting;

/// <summary>What the README states about defaults and limits is what the code and the shipped settings do.</summary>
public sealed partial class ReadmeFactsTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    [Fact]
    public void Readme_AllowPrivateHostsRow_MatchesTheShippedSettingAndClaimsNoEnvironmentDefault()
    {
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.json")))!
            ["Connectors"]!["Network"]!["AllowPrivateHosts"]!.GetValue<bool>();
        var row = Readme.Split('\n').Single(l => l.StartsWith("| `Connectors:Network:AllowPrivateHosts`", StringComparison.Ordinal));

        row.ShouldContain($"| `{(shipped ? "true" : "false")}` |");
        row.ShouldNotContain("on in Development");
    }

    [Fact]
    public void Readme_ImpersonationDuration_IsTheRangeTheServerAccepts()
    {
        var stated = DurationRange().Match(Readme);

        stated.Success.ShouldBeTrue("the README states the impersonation duration range");
        int.Parse(stated.Groups["min"].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Impersonation.MinMinutes);
        (int.Parse(stated.Groups["max"].Value, System.Globalization.CultureInfo.InvariantCulture) * 60).ShouldBe(Impersonation.MaxMinutes);
        Impersonation.DurationChoices.Min().ShouldBe(Impersonation.MinMinutes);
        Impersonation.DurationChoices.Max().ShouldBe(Impersonation.MaxMinutes);
    }

    [GeneratedRegex(@"a duration \((?<min>\d+) min … (?<max>\d+) h")]
    private static partial Regex DurationRange();
}
