using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>
/// A bulk action on the selected accounts (or all matching a filter): asks what the action needs (project, cadence,
/// documents), shows the dry run — what will happen to each account and which are skipped and why — and, once
/// confirmed, runs it and shows each account's outcome. Closes with the <see cref="BulkResult"/> of the run.
/// </summary>
public sealed partial class BulkDialog
{
    /// <summary>How many accounts the dialog lists; the summary counts them all.</summary>
    public const int MaxShown = 200;

    private const string TenantDefault = "";

    private BulkResult? _plan;
    private BulkResult? _result;
    private string? _busy;
    private string? _problem;
    private bool _reviewed;
    private string? _projectKey;
    private int? _cadence;
    private bool _deleteDocuments;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AccountBulk Bulk { get; set; } = default!;

    [Parameter, EditorRequired]
    public BulkAction Action { get; set; }

    /// <summary>The accounts: ids, or a filter (all matching), as <see cref="BulkRequest"/> names them.</summary>
    [Parameter, EditorRequired]
    public BulkRequest Target { get; set; } = default!;

    /// <summary>How many accounts are selected, for the title.</summary>
    [Parameter]
    public int Count { get; set; }

    [Parameter]
    public IReadOnlyList<ProjectSummary> Projects { get; set; } = [];

    private bool NeedsInput => Action is BulkAction.Move or BulkAction.Cadence or BulkAction.Delete;

    private string Title => $"{Verb} {Count} {(Count == 1 ? "account" : "accounts")}";

    private string Verb => Action switch
    {
        BulkAction.Sync => "Sync now:",
        BulkAction.Pause => "Pause",
        BulkAction.Resume => "Resume",
        BulkAction.Move => "Move",
        BulkAction.Cadence => "Set the cadence of",
        _ => "Delete",
    };

    private string ConfirmText
    {
        get
        {
            var n = _plan?.Count(BulkOutcome.WillApply) ?? 0;
            var accounts = n == 1 ? "account" : "accounts";
            return Action switch
            {
                BulkAction.Sync => $"Sync {n} {accounts}",
                BulkAction.Pause => $"Pause {n} {accounts}",
                BulkAction.Resume => $"Resume {n} {accounts}",
                BulkAction.Move => $"Move {n} {accounts}",
                BulkAction.Cadence => $"Set cadence of {n} {accounts}",
                _ => $"Delete {n} {accounts}",
            };
        }
    }

    protected override Task OnInitializedAsync() => NeedsInput ? Task.CompletedTask : DryRunAsync();

    private Task ReviewAsync()
    {
        if (Action == BulkAction.Move && _projectKey is null)
        {
            _errors = new Dictionary<string, string> { ["projectKey"] = "Choose the project to move the accounts to." };
            return Task.CompletedTask;
        }

        return DryRunAsync();
    }

    private async Task DryRunAsync()
    {
        _plan = await RunAsync("Checking each account…", dryRun: true);
        _reviewed = _plan is not null;
    }

    private async Task ConfirmAsync() => _result = await RunAsync("Working on each account…", dryRun: false);

    private async Task<BulkResult?> RunAsync(string busy, bool dryRun)
    {
        _busy = busy;
        _problem = null;
        _errors = new Dictionary<string, string>();
        StateHasChanged();
        try
        {
            return await Bulk.RunAsync(Target with
            {
                Action = Action, DryRun = dryRun, ProjectKey = _projectKey is { Length: > 0 } key ? key : null,
                CadenceMinutes = _cadence, DeleteDocuments = _deleteDocuments,
            }, CancellationToken.None);
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors;
            _problem = e.Errors.ContainsKey("projectKey") || e.Errors.ContainsKey("cadenceMinutes") ? null : e.Message;
            return null;
        }
        catch (Exception e) when (e is NotFoundException or AccessDeniedException)
        {
            _problem = e.Message;
            return null;
        }
        finally
        {
            _busy = null;
        }
    }

    private static IEnumerable<BulkItem> Shown(BulkResult result) =>
        result.Items.OrderBy(i => i.Outcome switch { BulkOutcome.Failed => 0, BulkOutcome.Skipped => 1, _ => 2 }).Take(MaxShown);

    private string Summary(BulkResult result)
    {
        var parts = new List<string>();
        void Add(BulkOutcome outcome, string text)
        {
            if (result.Count(outcome) is > 0 and var n)
            {
                parts.Add($"{n} {text}");
            }
        }

        Add(BulkOutcome.WillApply, "will change");
        Add(BulkOutcome.Applied, "changed");
        Add(BulkOutcome.Failed, "failed");
        Add(BulkOutcome.Skipped, "skipped");
        return parts.Count == 0 ? "No account to act on." : string.Join(", ", parts) + ".";
    }

    internal static string OutcomeValue(BulkOutcome outcome) => outcome switch
    {
        BulkOutcome.WillApply => "will-apply",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static string OutcomeText(BulkOutcome outcome) => outcome switch
    {
        BulkOutcome.WillApply => "Will change",
        BulkOutcome.Applied => "Done",
        BulkOutcome.Skipped => "Skipped",
        _ => "Failed",
    };

    private static Color OutcomeColor(BulkOutcome outcome) => outcome switch
    {
        BulkOutcome.Applied => Color.Success,
        BulkOutcome.WillApply => Color.Primary,
        BulkOutcome.Failed => Color.Error,
        _ => Color.Default,
    };
}
