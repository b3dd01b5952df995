namespace Connectors.Web.Auth;

/// <summary>Claim types the app adds to the Identity cookie.</summary>
public static class ConnectorsClaims
{
    public const string Tenant = "connectors:tenant";
    public const string Role = "connectors:role";
    public const string Support = "connectors:support";
}

/// <summary>Policy names (DESIGN §2).</summary>
public static class Policies
{
    public const string ViewConnectors = "ViewConnectors";
    public const string ManageConnectors = "ManageConnectors";
}
