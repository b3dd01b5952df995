using Connectors.Domain.Installations;

namespace Connectors.Domain.Accounts;

/// <summary>
/// A partial edit of an account (edit rules, HTTP PATCH semantics): a part that is not set keeps
/// the account's current value. <see cref="Label"/> null = unchanged (a label cannot be cleared). With
/// <see cref="SetsProjectKey"/>, a blank or null <see cref="ProjectKey"/> clears the binding (the account
/// inherits the tenant default). With <see cref="SetsCadence"/>, null <see cref="CadenceMinutes"/> inherits.
/// </summary>
public sealed record AccountPatch
{
    public string? Label { get; init; }

    public bool SetsProjectKey { get; init; }

    public string? ProjectKey { get; init; }

    public bool SetsCadence { get; init; }

    public int? CadenceMinutes { get; init; }

    public bool SetsCheckMinutes { get; init; }

    /// <summary>The connection-check cadence; null inherits the connector's or the default.</summary>
    public int? CheckMinutes { get; init; }

    public bool SetsTargetProjects { get; init; }

    /// <summary>The further target projects, replacing the stored list (empty clears it).</summary>
    public IReadOnlyList<string>? TargetProjects { get; init; }

    /// <summary>True when the patch changes nothing.</summary>
    public bool IsEmpty => Label is null && !SetsProjectKey && !SetsCadence && !SetsCheckMinutes && !SetsTargetProjects;

    internal AccountEdit ApplyTo(ConnectorInstallation current) => new(
        Label ?? current.Label,
        SetsProjectKey ? ProjectKey : current.ProjectKey,
        SetsCadence ? CadenceMinutes : current.CadenceMinutes)
    {
        SetsCheckMinutes = SetsCheckMinutes,
        CheckMinutes = CheckMinutes,
        TargetProjects = SetsTargetProjects ? TargetProjects ?? [] : null,
    };
}
