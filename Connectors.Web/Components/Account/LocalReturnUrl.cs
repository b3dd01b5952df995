namespace Connectors.Web.Components.Account;

/// <summary>
/// Where a sign-in may send the user afterwards: only a path of this app (an open redirect would let a
/// phishing link bounce through the login), in its percent-encoded form — a raw <c>é</c> or <c>。</c> in a
/// <c>Location</c> header is not valid HTTP and failed the whole sign-in with a 500.
/// </summary>
public static class LocalReturnUrl
{
    // Any origin serves: the target is checked to stay on it, then only its path and query are kept.
    private static readonly Uri Origin = new("http://app.invalid/");

    /// <summary>The encoded local path and query of <paramref name="returnUrl"/>, or <c>/</c> when it is
    /// missing or could leave the app.</summary>
    public static string Resolve(string? returnUrl)
    {
        if (!IsLocal(returnUrl)
            || !Uri.TryCreate(Origin, returnUrl, out var target)
            || !string.Equals(target.GetLeftPart(UriPartial.Authority), Origin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
        {
            return "/";
        }

        return target.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
    }

    /// <summary>ASP.NET Core's rule for a local URL: one leading slash, not <c>//</c> or <c>/\</c>, and no
    /// control character (browsers drop tabs and newlines, so <c>/\t/evil.test</c> would become <c>//evil.test</c>).</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
