using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Documents;

/// <summary>
/// A document a sync would have removed but the deletion brake held: the run found more gone than the brake lets
/// through at once (<see cref="DeletionBrake"/>). The held set waits for an admin's decision — apply the removals
/// (exactly these documents go) or keep the documents — and a document seen again in a later sync leaves the set.
/// </summary>
public sealed class HeldRemoval : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstallationId { get; set; }
    public Guid DocumentId { get; set; }

    /// <summary>The run that held it.</summary>
    public Guid RunId { get; set; }
    public DateTime HeldAt { get; set; }
}

/// <summary>
/// The deletion brake: a misconfigured filter, an expired share or a provider glitch that returns an empty listing could
/// make one run delete an account's whole corpus. A run whose removals exceed both the floor and the share of the
/// account's documents removes nothing and is held for a decision.
/// </summary>
public static class DeletionBrake
{
    /// <summary>True when <paramref name="removals"/> of <paramref name="documents"/> must be held: more than
    /// <paramref name="floor"/> and more than <paramref name="share"/> of the account's documents.</summary>
    public static bool Holds(int removals, int documents, double share, int floor) =>
        removals > floor && removals > share * documents;
}

/// <summary>What a run's removals came to: <see cref="Removed"/> went, <see cref="Held"/> wait for a decision (one of
/// them is zero), out of the <see cref="Documents"/> the account had.</summary>
public sealed record RemovalOutcome(int Removed, int Held, int Documents)
{
    public static readonly RemovalOutcome None = new(0, 0, 0);
}
