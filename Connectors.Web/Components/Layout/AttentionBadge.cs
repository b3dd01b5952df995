using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;

namespace Connectors.Web.Components.Layout;

/// <summary>
/// The navigation's "needs attention" count, one per circuit: the layout reads it on each navigation (one SQL
/// command) and pages that fix an account report the new count so the badge follows at once.
/// </summary>
public sealed class AttentionBadge(TenantHealth health)
{
    public int? Count { get; private set; }

    public event Action? CountChanged;

    /// <summary>Reads the count again; null when the user cannot view the tenant's connectors.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            Changed(await health.AttentionCountAsync(ct));
        }
        catch (Exception e) when (e is AccessDeniedException or InvalidOperationException)
        {
            // No tenant selected (support outside an impersonation) or no view right: no badge.
            Changed(null);
        }
    }

    public void Changed(int? count)
    {
        if (count != Count)
        {
            Count = count;
            CountChanged?.Invoke();
        }
    }
}
