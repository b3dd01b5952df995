using Connectors.E2E.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Connectors.E2E.Accessibility;

/// <summary>Runs axe-core (embedded in Deque.AxeCore.Commons: nothing is downloaded) on the page as it stands and
/// collects every critical or serious violation, so one test reports all the pages and states it scanned at once.</summary>
public sealed class AxeAudit
{
    /// <summary>The product's bar: "axe-core finds no critical or serious violation on any page".</summary>
    private static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase) { "critical", "serious" };

    private const int TargetsShown = 3;

    private readonly List<string> _findings = [];
    private readonly List<string> _scanned = [];

    /// <summary>Waits for animations to end (a dialog fading in would be measured half-transparent), then scans.</summary>
    public async Task ScanAsync(IPage page, string where)
    {
        await BrowserSession.Settled(page);
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        _scanned.Add(where);
        var blocking = result.Violations.Where(v => v.Impact is not null && Blocking.Contains(v.Impact)).ToList();
        _findings.AddRange(blocking.Select(v => Describe(where, v)));
        // Moderate and minor findings do not fail the bar, but are worth reading in the test's output.
        foreach (var violation in result.Violations.Except(blocking))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(Describe(where, violation));
        }

        // A report left from an earlier, failing run must not outlive the fix.
        if (blocking.Count > 0)
        {
            await File.WriteAllTextAsync(ReportPath(where), result.ToString());
        }
        else
        {
            File.Delete(ReportPath(where));
        }
    }

    /// <summary>axe's full answer for a scan that failed (every node, its HTML and checks), under the test
    /// output's <c>axe/</c> folder.</summary>
    private static string ReportPath(string where)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "axe")).FullName;
        var name = new string(where.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        return Path.Combine(folder, name + ".json");
    }

    /// <summary>Fails with one line per violation: where, rule, impact, help, the first targets and why the first failed.</summary>
    public void AssertNoSeriousViolation()
    {
        if (_findings.Count > 0)
        {
            Assert.Fail($"axe-core found {_findings.Count} critical or serious violation(s) in {_scanned.Count} scans "
                + $"(full reports in {Path.Combine(AppContext.BaseDirectory, "axe")}):\n" + string.Join('\n', _findings));
        }
    }

    private static string Describe(string where, AxeResultItem violation)
    {
        var targets = violation.Nodes.Select(n => n.Target.ToString()).ToList();
        var shown = string.Join(" | ", targets.Take(TargetsShown))
            + (targets.Count > TargetsShown ? $" (+{targets.Count - TargetsShown} more)" : "");
        // The first failing check says why (e.g. the measured contrast and the colours).
        var why = violation.Nodes.SelectMany(n => n.Any.Concat(n.All).Concat(n.None)).Select(c => c.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));
        return $"[{where}] {violation.Id} ({violation.Impact}): {violation.Help} — {shown}" + (why is null ? "" : $" — {why}");
    }
}
