using Connectors.Domain.Tenancy;

namespace Connectors.Web.Auth;

/// <summary>Claim types the app adds to the Identity cookie.</summary>
public static class ConnectorsClaims
{
    public const string Tenant = "connectors:tenant";
    public const string Role = "connectors:role";
    public const string Support = "connectors:support";

    /// <summary>The tenant a support user impersonates; only with the three below.</summary>
    public const string ImpersonatedTenant = "connectors:impersonation:tenant";
    public const string ImpersonationMode = "connectors:impersonation:mode";
    public const string ImpersonationExpires = "connectors:impersonation:expires";
    public const string ImpersonationReason = "connectors:impersonation:reason";
}

/// <summary>Policy names.</summary>
public static class Policies
{
    public const string ViewConnectors = "ViewConnectors";
    public const string ManageConnectors = "ManageConnectors";

    /// <summary>Platform support staff (the tenant list and starting an impersonation).</summary>
    public const string Support = "Support";
}
