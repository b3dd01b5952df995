using System.Linq.Expressions;
using System.Reflection;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Accounts;

/// <summary>
/// When an account counts as stale: it is Active (so it should be syncing) and its last success — or, if it never
/// succeeded, its creation — is older than <see cref="CadencesBehind"/> times its effective cadence. Paused accounts
/// are not expected to sync; Error, Needs reconnect and Pending ones are already listed for what they are. One rule,
/// written twice: <see cref="IsStale"/> for an account in memory and <see cref="Predicate"/> for a query, which the
/// tests hold to the same answers.
/// </summary>
public static class AccountStaleness
{
    public const int CadencesBehind = 2;

    public static bool IsStale(InstallationStatus status, DateTime? lastSuccessAt, DateTime createdAt, int effectiveCadenceMinutes, DateTime now) =>
        status == InstallationStatus.Active && (lastSuccessAt ?? createdAt) < now.AddMinutes(-CadencesBehind * effectiveCadenceMinutes);

    public static bool IsStale(AccountSummary account, DateTime now) =>
        IsStale(account.Status, account.LastSuccessAt, account.CreatedAt, account.EffectiveCadenceMinutes, now);

    /// <summary>The same rule as a query predicate; <paramref name="now"/> is sent as a parameter and the
    /// effective cadence (own, else the connector's configured one, else the default) is computed by the database.</summary>
    public static Expression<Func<ConnectorInstallation, bool>> Predicate(ConnectorsOptions options, DateTime now)
    {
        var i = Expression.Parameter(typeof(ConnectorInstallation), "i");
        Expression inherited = Expression.Constant(options.DefaultCadenceMinutes);
        foreach (var (key, minutes) in options.PerConnectorCadence.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            inherited = Expression.Condition(
                Expression.Equal(Expression.Property(i, nameof(ConnectorInstallation.ConnectorKey)), Expression.Constant(key)),
                Expression.Constant(minutes), inherited);
        }

        var cadence = Expression.Coalesce(Expression.Property(i, nameof(ConnectorInstallation.CadenceMinutes)), inherited);
        var since = Expression.Coalesce(
            Expression.Property(i, nameof(ConnectorInstallation.LastSuccessAt)), Expression.Property(i, nameof(ConnectorInstallation.CreatedAt)));
        var threshold = Expression.Call(
            Expression.Field(Expression.Constant(new Now(now)), nameof(Now.Value)), AddMinutes,
            Expression.Convert(Expression.Multiply(Expression.Constant(-CadencesBehind), cadence), typeof(double)));
        var body = Expression.AndAlso(
            Expression.Equal(Expression.Property(i, nameof(ConnectorInstallation.Status)), Expression.Constant(InstallationStatus.Active)),
            Expression.LessThan(since, threshold));
        return Expression.Lambda<Func<ConnectorInstallation, bool>>(body, i);
    }

    private static readonly MethodInfo AddMinutes = typeof(DateTime).GetMethod(nameof(DateTime.AddMinutes), [typeof(double)])!;

    /// <summary>A closure-like holder: EF Core sends a field read from a constant object as a parameter.</summary>
    private sealed class Now(DateTime value)
    {
        public readonly DateTime Value = value;
    }
}
