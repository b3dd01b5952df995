using System.Reflection;
using System.Text;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Architecture;

/// <summary>
/// The directions the code may depend in (docs/architecture.md), checked on the compiled IL of every type:
/// each Domain folder uses only the folders below it, so the folders form no cycle; the domain never uses
/// the web host; connectors never use the account services; Razor components never touch the DbContext.
/// </summary>
public sealed class DependencyDirectionTests(ITestOutputHelper output)
{
    private const string Domain = "Connectors.Domain";

    /// <summary>The Domain folders from the bottom up. A folder may use the folders of lower rank only —
    /// never one of its own rank or above. <c>Data</c> is the persistence root: it names every entity
    /// (its DbSets and mappings) and may use those types, nothing else of a feature.</summary>
    public static readonly IReadOnlyDictionary<string, int> Ranks = new Dictionary<string, int>
    {
        ["Errors"] = 0,
        ["(root)"] = 0, // ConnectorsOptions, the configuration section every feature reads
        ["Tenancy"] = 1, // who is asking: tenant and actor of the request, roles, tenant-owned rows
        ["Network"] = 1,
        ["Data"] = 2,
        ["Auditing"] = 3,
        ["Http"] = 3,
        ["Projects"] = 4,
        ["AccessTokens"] = 4,
        ["Credentials"] = 4,
        ["Installations"] = 5,
        ["Administration"] = 5,
        ["Vault"] = 6,
        ["Documents"] = 6,
        ["Events"] = 6, // the outbox of account events, written with the change they describe
        ["OAuth"] = 7,
        ["Notifications"] = 7, // channels, rules, deliveries and the inbox, fed by Events

        ["Connectors"] = 8,
        ["Sync"] = 9,
        ["Checks"] = 10, // scheduled connection checks (the connectors' probes, never while a run is active)
        ["Accounts"] = 11,
        ["Overview"] = 11,
        ["(composition)"] = 12, // the AddConnectorsDomain registrations
    };

    private static readonly Lazy<TypeDependencies> Dependencies = new(() =>
        TypeDependencies.Read(typeof(ConnectorsDbContext).Assembly, typeof(global::Connectors.Web.Cli.CliArguments).Assembly));

    [Fact]
    public void DomainFolders_DependOnlyDownwards_SoTheyFormNoCycle()
    {
        var graph = FolderGraph(out var unknown);
        output.WriteLine(Describe(graph));
        unknown.ShouldBeEmpty("every Domain folder needs a rank in DependencyDirectionTests.Ranks and docs/architecture.md");

        var upward = graph
            .Where(e => e.Key.From != "Data" && Ranks[e.Key.To] >= Ranks[e.Key.From])
            .Select(e => $"{e.Key.From} → {e.Key.To} ({string.Join(", ", e.Value.Take(3))})")
            .ToList();
        upward.ShouldBeEmpty();
        StronglyConnected.Cycles(graph.Keys.Where(e => e.From != "Data").ToList()).ShouldBeEmpty();
    }

    [Fact]
    public void DataFolder_UsesOnlyEntityTypesOfTheFeatures()
    {
        var entities = EntityTypes();
        var offending = DomainUses()
            .Where(u => FolderOf(u.From) == "Data" && FolderOf(u.To) is { } to && to != "Data" && Ranks.GetValueOrDefault(to) > Ranks["Data"])
            .Where(u => !entities.Contains(u.To))
            .Select(u => $"{u.From} → {u.To}")
            .Distinct()
            .ToList();
        offending.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("OAuth", "Connectors")]        // exceptions and ProviderHttp live in Errors and Http
    [InlineData("Documents", "Connectors")]    // ConnectorAccount lives with the account model
    [InlineData("Installations", "Vault")]     // IConcurrencyStamped lives in Data; a credential belongs to an account
    [InlineData("Sync", "Accounts")]           // the runner uses the account model, never the account services
    [InlineData("Installations", "Sync")]      // the account model knows nothing of runs
    [InlineData("Tenancy", "Auditing")]        // the impersonation journal is administration
    [InlineData("Tenancy", "Data")]            // the user directory is administration; the DbContext reads the request's tenant
    [InlineData("Tenancy", "Projects")]        // creating tenants with their default project is administration
    [InlineData("Projects", "Installations")]  // the projects overview counts accounts from Overview
    [InlineData("Connectors", "Accounts")]     // connectors never call the account services
    public void RemovedCycleEdge_StaysRemoved(string from, string to)
    {
        var uses = DomainUses().Where(u => FolderOf(u.From) == from && FolderOf(u.To) == to).Select(u => $"{u.From} → {u.To}").Distinct();
        uses.ShouldBeEmpty();
    }

    [Fact]
    public void Domain_NeverUsesTheWebHost()
    {
        typeof(ConnectorsDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain("Connectors.Web");
        Dependencies.Value.Uses
            .Where(t => t.Key.StartsWith(Domain + ".", StringComparison.Ordinal))
            .SelectMany(t => t.Value.Where(u => u.StartsWith("Connectors.Web.", StringComparison.Ordinal)))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Components_NeverTouchTheDbContext()
    {
        var offending = Dependencies.Value.Uses
            .Where(t => t.Key.StartsWith("Connectors.Web.Components.", StringComparison.Ordinal))
            .SelectMany(t => t.Value
                .Where(u => u.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)
                            || u.StartsWith("Connectors.Domain.Data.", StringComparison.Ordinal))
                .Select(u => $"{t.Key} → {u}"))
            .ToList();
        offending.ShouldBeEmpty();
    }

    [Fact]
    public void TheReader_SeesUsesInsideMethodBodies()
    {
        // The rules above can fail: a use that appears only inside a lambda of an async method is seen.
        var uses = TypeDependencies.Read(typeof(ArchitectureProbe).Assembly).Uses[typeof(ArchitectureProbe).FullName!];
        uses.ShouldContain(typeof(ArchitectureProbeTarget).FullName!);
    }

    internal static string? FolderOf(string typeName)
    {
        var ns = TypeDependencies.NamespaceOf(typeName);
        if (ns == Domain)
        {
            return "(root)";
        }

        if (ns.StartsWith(Domain + ".", StringComparison.Ordinal))
        {
            return ns[(Domain.Length + 1)..].Split('.')[0];
        }

        return null;
    }

    private static List<(string From, string To)> DomainUses()
    {
        var domainAssembly = typeof(ConnectorsDbContext).Assembly;
        var domainTypes = domainAssembly.GetTypes().Select(t => t.FullName!.Replace('+', '/')).ToHashSet();
        return [.. Dependencies.Value.Uses
            .Where(t => domainTypes.Contains(t.Key))
            .SelectMany(t => t.Value.Select(u => (From: t.Key, To: u)))];
    }

    private static Dictionary<(string From, string To), SortedSet<string>> FolderGraph(out List<string> unknown)
    {
        var graph = new Dictionary<(string From, string To), SortedSet<string>>();
        var seen = new HashSet<string>();
        foreach (var (from, to) in DomainUses())
        {
            var a = FolderOrComposition(from);
            var b = FolderOf(to);
            if (b is null || a == b)
            {
                continue;
            }

            seen.Add(a);
            seen.Add(b);
            if (!graph.TryGetValue((a, b), out var types))
            {
                graph[(a, b)] = types = [];
            }

            types.Add(Short(from) + "→" + Short(to));
        }

        unknown = [.. seen.Where(f => !Ranks.ContainsKey(f)).Order()];
        foreach (var f in unknown)
        {
            graph.Keys.Where(k => k.From == f || k.To == f).ToList().ForEach(k => graph.Remove(k));
        }

        return graph;
    }

    private static string FolderOrComposition(string typeName) => FolderOf(typeName) ?? "(composition)";

    private static string Short(string typeName) => typeName.Split('/')[0].Split('.')[^1];

    private static HashSet<string> EntityTypes()
    {
        var entities = typeof(ConnectorsDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0])
            .ToList();
        var names = new HashSet<string>();
        foreach (var entity in entities)
        {
            names.Add(entity.FullName!);
            foreach (var i in entity.GetInterfaces())
            {
                names.Add(i.FullName ?? i.Name);
            }

            foreach (var p in entity.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                if (type.IsEnum || type.Namespace?.StartsWith(Domain, StringComparison.Ordinal) == true)
                {
                    names.Add(type.FullName!.Replace('+', '/'));
                }
            }
        }

        return names;
    }

    private static string Describe(Dictionary<(string From, string To), SortedSet<string>> graph)
    {
        var text = new StringBuilder("Domain folder dependencies (from → to: example uses)\n");
        foreach (var group in graph.GroupBy(e => e.Key.From).OrderBy(g => Ranks.GetValueOrDefault(g.Key, 99)).ThenBy(g => g.Key))
        {
            text.Append(group.Key).Append(" → ")
                .AppendJoin(", ", group.OrderBy(e => e.Key.To).Select(e => e.Key.To))
                .Append('\n');
        }

        var cycles = StronglyConnected.Cycles([.. graph.Keys.Where(e => e.From != "Data")]);
        text.Append("cycles (Data's entity names left out): ").Append(cycles.Count == 0 ? "none" : string.Join("; ", cycles));
        return text.ToString();
    }
}

/// <summary>Uses <see cref="ArchitectureProbeTarget"/> only inside a lambda of an async method — code the compiler
/// moves into nested types — so the reader's test shows such uses count for the declaring type.</summary>
internal static class ArchitectureProbe
{
    public static async Task<int> RunAsync()
    {
        await Task.Yield();
        Func<int> read = () => ArchitectureProbeTarget.Value;
        return read();
    }
}

internal static class ArchitectureProbeTarget
{
    public static int Value => 1;
}
