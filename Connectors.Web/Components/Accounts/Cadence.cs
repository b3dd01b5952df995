namespace Connectors.Web.Components.Accounts;

/// <summary>Sync cadences as people read them ("every 15 min", "every 1 day") and the presets the edit
/// dialog offers; the domain bounds them to 5 minutes … 7 days.</summary>
public static class Cadence
{
    public const int MinutesPerHour = 60;
    public const int MinutesPerDay = 1_440;

    /// <summary>The edit dialog's choices, shortest first.</summary>
    public static readonly IReadOnlyList<int> Presets = [5, 15, 30, 60, 360, 720, MinutesPerDay, 7 * MinutesPerDay];

    /// <summary>"15 min", "1 h", "1 h 30 min", "1 day", "7 days".</summary>
    public static string Span(int minutes) => minutes switch
    {
        < MinutesPerHour => $"{minutes} min",
        MinutesPerDay => "1 day",
        _ when minutes % MinutesPerDay == 0 => $"{minutes / MinutesPerDay} days",
        _ when minutes % MinutesPerHour == 0 => $"{minutes / MinutesPerHour} h",
        _ => $"{minutes / MinutesPerHour} h {minutes % MinutesPerHour} min",
    };

    /// <summary>"every 15 min", "every 1 day".</summary>
    public static string Every(int minutes) => $"every {Span(minutes)}";
}
