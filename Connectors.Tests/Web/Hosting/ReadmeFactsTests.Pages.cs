using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace Connectors.Tests.Web.Hosting;

/// <summary>The README's page list and demo line: every page of the app is listed once and nothing else; the
/// demo line names a launch profile that exists, runs in Development on the fake ping, and has the passwords
/// the README gives.</summary>
public sealed partial class ReadmeFactsTests
{
    [Fact]
    public void Readme_PagesTable_ListsEveryPageOfTheAppAndNoOther()
    {
        var section = Readme[Readme.IndexOf("\n## Pages\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var listed = PageRow().Matches(section).Select(m => Template(m.Groups["route"].Value)).ToList();
        var routes = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => Template(r.Template))
            .ToList();

        listed.ShouldBeUnique();
        listed.Except(routes).ShouldBeEmpty("the README lists a page the app does not have");
        routes.Except(listed).ShouldBeEmpty("a page of the app is missing from the README's Pages table");
    }

    [Fact]
    public void Readme_DemoLine_NamesADevelopmentProfileOnTheFakePingWithTheStatedPasswords()
    {
        var demo = DemoProfile.Environment();

        Readme.Split('\n').Take(20).ShouldContain(l => l.StartsWith($"dotnet run --project Connectors.Web --launch-profile {DemoProfile.Name}", StringComparison.Ordinal),
            "the demo line is at the top of the README");
        demo["ASPNETCORE_ENVIRONMENT"].ShouldBe("Development");
        demo["CONNECTOR_IMAP_FAKE_PING"].ShouldBe("true");
        Readme.ShouldContain($"admin@acme.test / {demo["Seed__AdminPassword"]}");
        Readme.ShouldContain($"support@connectors.test` / `{demo["Seed__SupportPassword"]}");
        Readme.ShouldContain("first start takes about a minute");
    }

    /// <summary>A route template with its parameters blanked: <c>{Id:guid}</c> and <c>{id}</c> are the same page.</summary>
    private static string Template(string route) => Parameter().Replace(route, "{}");

    [GeneratedRegex(@"^\| `(?<route>/[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex PageRow();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}

/// <summary>The README's demo: the <c>demo</c> profile of <c>Connectors.Web/Properties/launchSettings.json</c>.</summary>
internal static class DemoProfile
{
    public const string Name = "demo";

    public static Dictionary<string, string> Environment()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Connectors.Web", "Properties", "launchSettings.json")))!;
        return settings["profiles"]![Name]!["environmentVariables"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }
}
