using MudBlazor;

namespace Connectors.Web.Components.Layout;

/// <summary>The admin pages' MudBlazor theme. Every colour that draws text meets WCAG AA contrast (4.5:1) on the
/// surfaces it is used on — page, card, its own tinted chip or alert background, and the text on its filled buttons.
/// MudBlazor's defaults do not (success #00c853 on white is 2.1:1, white on error #f44336 3.7:1); the accessibility
/// tests (axe-core, light and dark) hold these values.</summary>
public static class AdminTheme
{
    /// <summary>Dark text on the light colours of the dark palette's filled buttons and chips.</summary>
    private const string OnLightColour = "#1f2130";

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2430",
            Background = "#f5f6fa",
            BackgroundGray = "#eef0f6",
            TextSecondary = "#5f6679",
            Info = "#1565c0",
            Success = "#1e7b34",
            Warning = "#a35200",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a5b4fc",
            PrimaryContrastText = OnLightColour,
            AppbarBackground = "#1f2130",
            // Secondary text a step brighter than MudBlazor's default, for small captions and table labels.
            TextSecondary = "rgba(255,255,255,0.68)",
            Info = "#7cc4fa",
            InfoContrastText = OnLightColour,
            Success = "#34d399",
            SuccessContrastText = OnLightColour,
            Warning = "#fbbf24",
            WarningContrastText = OnLightColour,
            Error = "#ff9a9a",
            ErrorContrastText = OnLightColour,
        },
    };
}
