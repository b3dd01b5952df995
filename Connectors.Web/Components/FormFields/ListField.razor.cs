using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Connectors.Web.Components.FormFields;

/// <summary>
/// Edits a List field: its values as removable chips and a text box that adds what is typed (Enter, the
/// + button or leaving the box; commas separate several). When the field has a live
/// <see cref="FormField.Discovery"/> source, its options load with a spinner and are offered as chips; a
/// failure shows the reason with a Retry — never an empty list — and typing by hand still works.
/// </summary>
public sealed partial class ListField
{
    /// <summary>Options shown at once; a longer list gets a find box.</summary>
    internal const int ShownOptions = 50;

    private string? _draft;
    private string? _find;
    private DiscoveryResult? _discovery;

    [Parameter, EditorRequired]
    public FormField Field { get; set; } = default!;

    /// <summary>The form's values by field name; this field's value is a <see cref="string"/> array.</summary>
    [Parameter, EditorRequired]
    public Dictionary<string, object?> Values { get; set; } = default!;

    [Parameter]
    public string? Error { get; set; }

    [Parameter]
    public EventCallback OnChanged { get; set; }

    /// <summary>Lists the field's live options; the flag asks for a fresh look (Retry) instead of a cached answer.</summary>
    [Parameter]
    public Func<bool, CancellationToken, Task<DiscoveryResult>>? Discover { get; set; }

    private IReadOnlyList<string> Items => Values.GetValueOrDefault(Field.Name) as string[] ?? [];

    /// <summary>A chosen value shown by its discovered label (a Drive folder's path, not its id); typed values as they are.</summary>
    private string LabelOf(string value) =>
        _discovery is { Succeeded: true } found && found.Options.FirstOrDefault(o => o.Value == value) is { } option ? option.Label : value;

    /// <summary>The discovered options matching the find box (by label or value), at most <see cref="ShownOptions"/>.</summary>
    private IEnumerable<FieldOption> Shown => Matching.Take(ShownOptions);

    private IEnumerable<FieldOption> Matching => (_discovery?.Options ?? []).Where(o => string.IsNullOrWhiteSpace(_find)
        || o.Label.Contains(_find.Trim(), StringComparison.CurrentCultureIgnoreCase) || o.Value.Contains(_find.Trim(), StringComparison.OrdinalIgnoreCase));

    private string ShownText
    {
        get
        {
            var matching = Matching.Count();
            var total = _discovery?.Options.Count ?? 0;
            return matching <= ShownOptions
                ? string.IsNullOrWhiteSpace(_find) ? $"All {total:N0}" : $"{matching:N0} of {total:N0} match"
                : $"Showing {ShownOptions} of {matching:N0}{(string.IsNullOrWhiteSpace(_find) ? "" : $" matching (of {total:N0})")}; type to narrow";
        }
    }

    private string EmptyText => Field.Default is null ? "None." : "None (the default is not used while this list is empty).";

    protected override Task OnInitializedAsync() => LoadAsync(refresh: false);

    private Task RetryAsync() => LoadAsync(refresh: true);

    private async Task LoadAsync(bool refresh)
    {
        if (Field.Discovery is null || Discover is null)
        {
            return;
        }

        _discovery = null;
        try
        {
            _discovery = await Discover(refresh, CancellationToken.None);
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or AccessDeniedException)
        {
            _discovery = DiscoveryResult.Failed(e.Message);
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key is "Enter")
        {
            await AddDraftAsync();
        }
    }

    private async Task AddDraftAsync()
    {
        var typed = (_draft ?? "").Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        _draft = null;
        if (typed.Length > 0)
        {
            await SetAsync([.. Items, .. typed]);
        }
    }

    private Task AddAsync(string value) => SetAsync([.. Items, value]);

    private Task RemoveAsync(string value) => SetAsync([.. Items.Where(i => i != value)]);

    private Task SetAsync(IEnumerable<string> items)
    {
        Values[Field.Name] = items.Distinct(StringComparer.Ordinal).ToArray();
        return OnChanged.InvokeAsync();
    }
}
