using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Connectors.Tests.Components.Shared;

/// <summary>Finds and drives MudBlazor inputs by their <c>data-testid</c>, the way a user does.</summary>
public static class MudElements
{
    public static IElement ByTestId(this IRenderedComponent<IComponent> host, string testId) =>
        host.Find($"[data-testid='{testId}']");

    public static bool Has(this IRenderedComponent<IComponent> host, string testId) =>
        host.FindAll($"[data-testid='{testId}']").Count > 0;

    /// <summary>Types into a text, number or password field (MudBlazor commits on change).</summary>
    public static Task TypeAsync(this IRenderedComponent<IComponent> host, string testId, string value) =>
        host.ByTestId(testId).ChangeAsync(new ChangeEventArgs { Value = value });

    /// <summary>Types into a field that updates on every keystroke (Immediate).</summary>
    public static Task TypeImmediateAsync(this IRenderedComponent<IComponent> host, string testId, string value) =>
        host.ByTestId(testId).InputAsync(new ChangeEventArgs { Value = value });

    public static Task CheckAsync(this IRenderedComponent<IComponent> host, string testId, bool check) =>
        host.ByTestId(testId).ChangeAsync(new ChangeEventArgs { Value = check });

    /// <summary>Opens a select and clicks the option whose text is <paramref name="optionText"/>.</summary>
    public static async Task SelectAsync(this IRenderedComponent<IComponent> host, string testId, string optionText)
    {
        await host.ByTestId(testId).Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        var option = host.WaitForElements(".mud-popover-open .mud-list-item")
            .Single(o => o.TextContent.Trim() == optionText);
        await option.ClickAsync(new MouseEventArgs());
    }

    /// <summary>The validation message MudBlazor shows under a field, or null.</summary>
    public static string? MessageOf(this IRenderedComponent<IComponent> host, string testId) =>
        host.ByTestId(testId).Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    /// <summary>Every validation message on screen.</summary>
    public static IReadOnlyList<string> Messages(this IRenderedComponent<IComponent> host) =>
        [.. host.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim())];
}
