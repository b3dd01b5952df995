using Microsoft.AspNetCore.Identity;

namespace Connectors.Domain.Tenancy;

/// <summary>An ASP.NET Identity user. <see cref="IsSupport"/> is the platform-wide Support role:
/// such a user belongs to no tenant but may impersonate one (audited).</summary>
public sealed class ConnectorsUser : IdentityUser
{
    public bool IsSupport { get; set; }
}
