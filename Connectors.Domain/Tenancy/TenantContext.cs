namespace Connectors.Domain.Tenancy;

/// <summary>The tenant the current scope works for (one per request, circuit, job or CLI verb).
/// With no tenant set every tenant-owned query returns nothing: the filter fails closed.</summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }

    /// <summary>True only inside the scheduler's cross-tenant scan: the single place that reads
    /// across tenants. Writes still need a tenant.</summary>
    public bool IsCrossTenantScan { get; private set; }

    public void Use(Guid tenantId)
    {
        TenantId = tenantId;
        IsCrossTenantScan = false;
    }

    public void Clear() => TenantId = null;

    /// <summary>Works for <paramref name="tenantId"/> until the returned scope is disposed, then
    /// restores the previous tenant.</summary>
    public IDisposable Enter(Guid tenantId)
    {
        var previous = TenantId;
        TenantId = tenantId;
        return new RestoreScope(this, previous);
    }

    /// <summary>Lifts the filter for the duration of the returned scope.</summary>
    public IDisposable BeginCrossTenantScan()
    {
        IsCrossTenantScan = true;
        return new ScanScope(this);
    }

    public Guid RequireTenantId() =>
        TenantId ?? throw new InvalidOperationException("No tenant is selected for this operation.");

    private sealed class RestoreScope(TenantContext owner, Guid? previous) : IDisposable
    {
        public void Dispose() => owner.TenantId = previous;
    }

    private sealed class ScanScope(TenantContext owner) : IDisposable
    {
        public void Dispose() => owner.IsCrossTenantScan = false;
    }
}
