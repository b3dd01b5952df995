using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>MudBlazor's classes for the pieces every row of an account list repeats (the name's link, the status and
/// stale chips), written as plain markup. A MudLink or MudChip is a component tree of its own (a chip: a container,
/// a key handler, a generated id), and a page of 50 rows sent all of them in its first circuit frame; the same
/// classes look the same at a fraction of the cost. The admin pages' browser benchmark holds the frame under 300 KiB.</summary>
public static class ListMarkup
{
    /// <summary>An account's name in a list.</summary>
    public const string AccountLinkClass = "mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body2 account-link";

    /// <summary>The classes MudChip gives a small chip of <paramref name="colour"/>.</summary>
    public static string ChipClass(Color colour, bool outlined) =>
        $"mud-chip mud-chip-{(outlined ? "outlined" : "text")} mud-chip-size-small mud-chip-color-{colour.ToString().ToLowerInvariant()}";
}
