namespace Connectors.Domain.Tenancy;

public enum TenantRole
{
    Member,
    Admin,
    SuperAdmin,
}
