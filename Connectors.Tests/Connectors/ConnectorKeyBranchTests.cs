using System.Reflection;
using System.Text.RegularExpressions;
using Connectors.Domain.Connectors;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors;

/// <summary>
/// The host renders, validates, splits and routes purely from the schema — <c>if key == "imap"</c>
/// is a defect. Scans every .cs and .razor file of Connectors.Web and of Connectors.Domain outside the
/// connector folders (<c>Connectors.Domain/Connectors/&lt;Name&gt;/</c> holding an <see cref="IConnector"/>).
/// </summary>
public sealed class ConnectorKeyBranchTests
{
    /// <summary>Registered and planned keys; a key not registered yet may be listed already.</summary>
    private static readonly string[] KnownKeys = ["imap", "google-drive", "notion", "confluence", "mcp"];

    /// <summary>Words that equal a connector key but name something else, where they do: the CLI verb <c>mcp</c> starts the
    /// product's own MCP server on standard input and output; it is not the MCP server connector.</summary>
    private static readonly (string File, string Literal)[] NotKeys = [("Connectors.Web/Cli/ConnectorsCli.cs", "\"mcp\"")];

    [Fact]
    public void HostSources_NoConnectorKeyLiteralOrComparison()
    {
        var keys = KnownKeys.Concat(DomainConnectorKeys()).ToHashSet(StringComparer.Ordinal);

        var findings = HostSources().SelectMany(path => ConnectorKeyBranchScanner
            .Scan(File.ReadAllText(path), keys)
            .Where(f => !NotKeys.Any(n => Path.GetRelativePath(RepositoryPaths.Root, path) == n.File && f.EndsWith($"literal {n.Literal}", StringComparison.Ordinal)))
            .Select(f => $"{Path.GetRelativePath(RepositoryPaths.Root, path)}:{f}"))
            .ToList();

        HostSources().Count().ShouldBeGreaterThan(50);
        findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("if (connector.Key == \"confluence\") { }")]
    [InlineData("if (account.ConnectorKey != \"some-future-key\") return;")]
    [InlineData("var special = connectorKey is \"anything\";")]
    [InlineData("if (\"notion\" == summary.Key) { }")]
    [InlineData("if (connector.Key.Equals(\"x\", StringComparison.Ordinal)) { }")]
    [InlineData("if (connector.Key == ImapConnector.ConnectorKey) { }")]
    [InlineData("switch (key) { case \"google-drive\": break; }")]
    [InlineData("<MudText>@(Connector.Key == \"imap\" ? \"Mail\" : \"\")</MudText>")]
    [InlineData("var icon = $\"confluence\";")]
    public void Scan_HostCodeBranchingOnAKey_Found(string sample) =>
        ConnectorKeyBranchScanner.Scan(sample, KnownKeys.ToHashSet()).ShouldNotBeEmpty();

    [Theory]
    [InlineData("if (installation.ProjectKey == \"default\") { }")]
    [InlineData("var url = $\"/connectors/{Key}.svg\";")]
    [InlineData("services.AddImapConnector(configuration); // \"imap\" is registered here")]
    [InlineData("var text = \"Confluence pages\";")]
    [InlineData("if (e.Key is \"Enter\") { }")]
    public void Scan_GenericHostCode_NothingFound(string sample) =>
        ConnectorKeyBranchScanner.Scan(sample, KnownKeys.ToHashSet()).ShouldBeEmpty();

    private static IEnumerable<string> HostSources()
    {
        var connectorFolders = ConnectorFolders();
        return new[] { "Connectors.Web", "Connectors.Domain" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, project), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any())
            .Where(path => !connectorFolders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal)));
    }

    /// <summary>The folders of the connectors the domain ships, from their namespaces
    /// (<c>Connectors.Domain.Connectors.Imap</c> → <c>Connectors.Domain/Connectors/Imap/</c>).</summary>
    private static string[] ConnectorFolders() => [.. ConnectorTypes()
        .Select(t => t.Namespace!["Connectors.Domain.Connectors.".Length..].Split('.')[0])
        .Distinct()
        .Select(name => Path.Combine(RepositoryPaths.Root, "Connectors.Domain", "Connectors", name) + Path.DirectorySeparatorChar)];

    private static IEnumerable<string> DomainConnectorKeys() => ConnectorTypes()
        .Select(t => t.GetField("ConnectorKey", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string)
        .OfType<string>();

    private static IEnumerable<Type> ConnectorTypes() => typeof(IConnector).Assembly.GetTypes()
        .Where(t => typeof(IConnector).IsAssignableFrom(t) && t is { IsAbstract: false, Namespace: not null }
            && t.Namespace.StartsWith("Connectors.Domain.Connectors.", StringComparison.Ordinal));
}

/// <summary>Finds connector-key branches in source text: a string literal equal to a connector key, and a
/// comparison of a <c>Key</c> / <c>ConnectorKey</c> against a connector's key constant or against any literal
/// in the key format (kebab-case, so unregistered keys count; <c>e.Key is "Enter"</c> does not). Line comments
/// are ignored, so a remark that mentions a key is not a finding.</summary>
internal static partial class ConnectorKeyBranchScanner
{
    public static IReadOnlyList<string> Scan(string source, IReadOnlySet<string> keys)
    {
        var findings = new List<string>();
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var code = LineComment().Replace(lines[i], "");
            foreach (Match literal in StringLiteral().Matches(code))
            {
                if (keys.Contains(literal.Groups["text"].Value))
                {
                    findings.Add($"{i + 1}: literal {literal.Value}");
                }
            }

            foreach (Match comparison in KeyComparison().Matches(code))
            {
                if (!comparison.Groups["text"].Success || KeyFormat().IsMatch(comparison.Groups["text"].Value))
                {
                    findings.Add($"{i + 1}: comparison {comparison.Value.Trim()}");
                }
            }
        }

        return findings;
    }

    private const string KeyMember = @"(?<![\w])(?:Key|ConnectorKey|connectorKey)";
    private const string Literal = @"[$@]*""(?<text>[^""\n]*)""";
    private const string KeyConstant = @"\w+Connector\.ConnectorKey\b";

    [GeneratedRegex(@"(?<!:)//.*$")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"[$@]*""(?<text>(?:[^""\\\n]|\\.)*)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyFormat();

    [GeneratedRegex(KeyMember + @"\s*(?:==|!=|is\s+(?:not\s+)?)\s*(?:" + Literal + "|" + KeyConstant + ")"
        + "|" + Literal + @"\s*(?:==|!=)\s*[\w.]*" + KeyMember + @"\b"
        + "|" + KeyMember + @"\s*\.\s*Equals\s*\(\s*(?:" + Literal + "|" + KeyConstant + ")")]
    private static partial Regex KeyComparison();
}
