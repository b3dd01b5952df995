using Connectors.Domain.Administration;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Connectors.Web.Endpoints;

/// <summary>
/// Starting and stopping a support impersonation. Both are form POSTs with an antiforgery
/// token because they re-issue the sign-in cookie, which a Blazor circuit cannot do. Bad input goes
/// back to the tenant list with a message naming the field; nothing is changed.
/// </summary>
public static class ImpersonationEndpoints
{
    public const string StartPath = "/support/impersonation/start";
    public const string StopPath = "/support/impersonation/stop";
    public const string TenantsPath = "/support/tenants";

    public static IEndpointRouteBuilder MapImpersonationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Start binds a form, which makes minimal APIs validate the token themselves; the filter states it anyway.
        // The request delegate generator cannot bind a [FromForm] class: this one endpoint is built at run time, as before.
#pragma warning disable RDG003
        endpoints.MapPost(StartPath, StartAsync).RequireAuthorization(Policies.Support).RequireFormAntiforgery();
#pragma warning restore RDG003
        endpoints.MapPost(StopPath, StopAsync).RequireAuthorization(Policies.Support).RequireFormAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> StartAsync(
        [FromForm] StartImpersonationForm form, HttpContext http, SignInManager<ConnectorsUser> signIn,
        ImpersonationJournal journal, TimeProvider clock, CancellationToken ct)
    {
        if (form.Validate() is { } problem)
        {
            return BackToTenants(problem);
        }

        var user = await signIn.UserManager.GetUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.LocalRedirect("/account/login");
        }

        var impersonation = new Impersonation(form.ParsedTenantId!.Value, Impersonation.ParseMode(form.Mode)!.Value,
            clock.GetUtcNow().AddMinutes(form.ParsedMinutes!.Value), form.Reason!.Trim());
        try
        {
            await journal.RecordStartAsync(user.Id, impersonation.TenantId, impersonation.IsFullAccess, impersonation.ExpiresAt, impersonation.Reason, ct);
        }
        catch (NotFoundException)
        {
            return BackToTenants("The tenant does not exist (any more).");
        }

        if (Impersonation.From(http.User) is { } previous)
        {
            // A new impersonation replaces the running one: its tenant sees it end.
            await journal.RecordStopAsync(user.Id, previous.TenantId, ct);
        }

        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties(), impersonation.ToClaims());
        return TypedResults.LocalRedirect(Components.Pages.Home.AdminStart);
    }

    private static async Task<IResult> StopAsync(HttpContext http, SignInManager<ConnectorsUser> signIn, ImpersonationJournal journal, CancellationToken ct)
    {
        var user = await signIn.UserManager.GetUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.LocalRedirect("/account/login");
        }

        if (Impersonation.From(http.User) is { } impersonation)
        {
            await journal.RecordStopAsync(user.Id, impersonation.TenantId, ct);
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return TypedResults.LocalRedirect(TenantsPath);
    }

    private static IResult BackToTenants(string message) =>
        TypedResults.LocalRedirect($"{TenantsPath}?error={Uri.EscapeDataString(message)}");
}

/// <summary>The start form as posted; every field is text here so a missing or malformed one gets a
/// message naming it instead of a binding failure.</summary>
public sealed class StartImpersonationForm
{
    public string? TenantId { get; set; }
    public string? Reason { get; set; }
    public string? Mode { get; set; }
    public string? Minutes { get; set; }

    public Guid? ParsedTenantId => Guid.TryParse(TenantId, out var id) ? id : null;

    public int? ParsedMinutes => int.TryParse(Minutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : null;

    /// <summary>The first problem, naming its field, or null when the form is valid.</summary>
    public string? Validate()
    {
        if (ParsedTenantId is null)
        {
            return "Tenant: choose the tenant to impersonate.";
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            return "Reason: say why you need to impersonate this tenant.";
        }

        if (Reason.Trim().Length > Impersonation.MaxReasonLength)
        {
            return $"Reason: at most {Impersonation.MaxReasonLength} characters.";
        }

        if (Impersonation.ParseMode(Mode) is null)
        {
            return "Mode: choose read-only or full access.";
        }

        return ParsedMinutes is null or < Impersonation.MinMinutes or > Impersonation.MaxMinutes
            ? $"Duration: between {Impersonation.MinMinutes} and {Impersonation.MaxMinutes} minutes."
            : null;
    }
}
