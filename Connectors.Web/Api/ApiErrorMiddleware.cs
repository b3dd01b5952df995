using Microsoft.AspNetCore.Diagnostics;

namespace Connectors.Web.Api;

/// <summary>
/// Wraps every <c>/api</c> request: the HTML status-code pages are switched off, exceptions become problem
/// details (<see cref="ApiProblems"/>), and an error status without a body (a 401 challenge, a 403, an
/// unknown route) gets one — so an API client always receives JSON, never a page or a stack trace.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            await ApiProblems.FromException(e, context, logger).ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            await ApiProblems.ForStatus(response.StatusCode).ExecuteAsync(context);
        }
    }
}
