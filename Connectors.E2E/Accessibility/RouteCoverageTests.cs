using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Connectors.E2E.Accessibility;

/// <summary>The accessibility audit covers the app's routes found by reflection, not a list someone must remember
/// to update: a new <c>@page</c> fails here until <see cref="AuditedPages"/> scans it.</summary>
public sealed class RouteCoverageTests
{
    [Fact]
    public void AuditedPages_CoverEveryRoutableComponent()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var audited = AuditedPages.All.Select(p => p.Route).ToHashSet(StringComparer.OrdinalIgnoreCase);

        routes.Except(audited).ShouldBeEmpty("routes no accessibility test scans");
        audited.Except(routes).ShouldBeEmpty("audited routes the app no longer has");
    }
}
