using System.Globalization;
using System.Security.Claims;

namespace Connectors.Web.Auth;

public enum ImpersonationMode
{
    ReadOnly,
    FullAccess,
}

/// <summary>A support user's impersonation of a tenant as carried by the cookie's claims.</summary>
public sealed record Impersonation(Guid TenantId, ImpersonationMode Mode, DateTimeOffset ExpiresAt, string Reason)
{
    public const int DefaultMinutes = 60;
    public const int MinMinutes = 15;
    public const int MaxMinutes = 480;
    public const int MaxReasonLength = 500;

    public static readonly IReadOnlyList<int> DurationChoices = [15, 30, 60, 120, 240, 480];

    public bool IsFullAccess => Mode == ImpersonationMode.FullAccess;

    public string ModeText => IsFullAccess ? "full access" : "read-only";

    /// <summary>The wire value of a mode in forms and claims.</summary>
    public static string ModeValue(ImpersonationMode mode) => mode == ImpersonationMode.FullAccess ? "full-access" : "read-only";

    public static ImpersonationMode? ParseMode(string? value) => value switch
    {
        "read-only" => ImpersonationMode.ReadOnly,
        "full-access" => ImpersonationMode.FullAccess,
        _ => null,
    };

    public IEnumerable<Claim> ToClaims() =>
    [
        new(ConnectorsClaims.ImpersonatedTenant, TenantId.ToString()),
        new(ConnectorsClaims.ImpersonationMode, ModeValue(Mode)),
        new(ConnectorsClaims.ImpersonationExpires, ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        new(ConnectorsClaims.ImpersonationReason, Reason),
    ];

    /// <summary>The impersonation a support principal carries, expired or not; null when there is none
    /// or the claims are incomplete.</summary>
    public static Impersonation? From(ClaimsPrincipal principal)
    {
        if (!principal.HasClaim(ConnectorsClaims.Support, "true")
            || !Guid.TryParse(principal.FindFirstValue(ConnectorsClaims.ImpersonatedTenant), out var tenant)
            || ParseMode(principal.FindFirstValue(ConnectorsClaims.ImpersonationMode)) is not { } mode
            || !long.TryParse(principal.FindFirstValue(ConnectorsClaims.ImpersonationExpires), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        return new Impersonation(tenant, mode, DateTimeOffset.FromUnixTimeSeconds(expires),
            principal.FindFirstValue(ConnectorsClaims.ImpersonationReason) ?? "");
    }

    public static bool IsImpersonationClaim(Claim claim) => claim.Type.StartsWith("connectors:impersonation:", StringComparison.Ordinal);

    /// <summary>The same principal without any impersonation claim.</summary>
    public static ClaimsPrincipal Strip(ClaimsPrincipal principal)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        var stripped = new ClaimsIdentity(identity.Claims.Where(c => !IsImpersonationClaim(c)), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        return new ClaimsPrincipal(stripped);
    }
}
