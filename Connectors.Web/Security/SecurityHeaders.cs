namespace Connectors.Web.Security;

/// <summary>
/// Response headers on every answer — pages, static files, API, errors (set when the response starts, so an
/// error page re-executed after a failure keeps them). docs/security.md explains each CSP source.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the app's own files (no inline script, no eval); styles also inline, because
    /// MudBlazor writes style attributes and its theme as a style element; images and fonts from the app or
    /// data: URIs (MudBlazor's CSS embeds some); connections to the app itself (Chromium's 'self' covers the
    /// circuit's ws:/wss: on the same host); no plugins, never framed, no base rewriting, forms post only here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
