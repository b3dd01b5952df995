namespace Connectors.Domain.Connectors;

/// <summary>One OAuth client a tenant may bring of its own: <paramref name="Key"/> names it in the API and the store
/// (an OAuth connector's key, or <c>imap-google</c> / <c>imap-microsoft</c> for IMAP's XOAUTH2 providers), and
/// <paramref name="DeploymentConfigured"/> says whether the deployment has a client for it.</summary>
public sealed record OAuthAppSlot(string Key, string Name, bool DeploymentConfigured);

/// <summary>A connector that signs in through OAuth clients a tenant may replace with its own (resolution tenant →
/// deployment → "not configured"). The Credentials page and <c>/api/admin/oauth-apps</c> list every slot.</summary>
public interface IOffersTenantOAuthApps
{
    IReadOnlyList<OAuthAppSlot> OAuthAppSlots { get; }
}
