using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Connectors.Tests.Web.Auth;

/// <summary>
/// Every page of the app × every kind of user, over the real app and the real sign-in:
/// anonymous → the sign-in page, a user without the policy → the access-denied page, otherwise the
/// page. The routes are read from the app's components, so a new page that is not in the table below
/// — with the access it needs — fails <see cref="Routes_OfTheApp_AreExactlyTheOnesInTheMatrix"/>.
/// </summary>
public sealed class RouteAuthorizationMatrixTests(SignedInClients clients) : IClassFixture<SignedInClients>
{
    public enum Access
    {
        Public,
        SignedIn,
        Start, // The start page: signed-in users who can view connectors are taken to the connectors page.
        View,
        Support,
        Manage,
    }

    private static readonly Dictionary<string, Access> Matrix = new()
    {
        ["/"] = Access.Start,
        ["/account/login"] = Access.Public,
        ["/account/access-denied"] = Access.Public,
        ["/account/manage/password"] = Access.SignedIn,
        ["/account/manage/tokens"] = Access.SignedIn,
        ["/not-found"] = Access.Public,
        ["/error"] = Access.Public,
        ["/admin"] = Access.View,
        ["/admin/accounts"] = Access.View,
        ["/admin/connectors"] = Access.View,
        ["/admin/connectors/accounts/{Id:guid}"] = Access.View,
        ["/admin/projects"] = Access.View,
        ["/admin/notifications"] = Access.View,
        ["/admin/credentials"] = Access.View,
        ["/admin/documents"] = Access.View,
        ["/admin/audit"] = Access.View,
        ["/support/tenants"] = Access.Support,
        ["/connectors/oauth/callback"] = Access.Manage,
    };

    public static TheoryData<string> Routes() => [.. Matrix.Keys];

    [Fact]
    public void Routes_OfTheApp_AreExactlyTheOnesInTheMatrix()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet(StringComparer.Ordinal);

        routes.Except(Matrix.Keys).ShouldBeEmpty("a page without an entry in the authorization matrix: add it with the access it needs");
        Matrix.Keys.Except(routes).ShouldBeEmpty("the matrix lists a page the app no longer has");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_EveryKindOfUser_GetsWhatThePolicySays(string template)
    {
        var path = Concrete(template);
        foreach (var who in Enum.GetValues<Who>())
        {
            var response = await clients[who].GetAsync(path, TestContext.Current.CancellationToken);

            var expected = Expected(Matrix[template], who);
            var actual = Outcome(response);
            actual.ShouldBe(expected, $"{who} on {path}");
        }
    }

    /// <summary>What a user gets on a page that needs <paramref name="access"/>.</summary>
    private static string Expected(Access access, Who who) => access switch
    {
        Access.Public => "page",
        _ when who == Who.Anonymous => "sign-in",
        Access.SignedIn => "page",
        Access.Start => Expected(Access.View, who) == "page" ? "redirect to /admin" : "page",
        Access.View => who is Who.Admin or Who.SuperAdmin or Who.SupportReadOnly or Who.SupportFullAccess ? "page" : "denied",
        Access.Manage => who is Who.SuperAdmin or Who.SupportFullAccess ? "page" : "denied",
        Access.Support => who is Who.Support or Who.SupportReadOnly or Who.SupportFullAccess ? "page" : "denied",
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    private static string Outcome(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var location = response.Headers.Location!.ToString();
            return location.Contains("/account/login", StringComparison.Ordinal) ? "sign-in"
                : location.Contains("/account/access-denied", StringComparison.Ordinal) ? "denied"
                : $"redirect to {(response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : location)}";
        }

        // The not-found, error and OAuth-callback pages answer with their own status codes; they still render a page.
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest
            ? "page"
            : $"status {(int)response.StatusCode}";
    }

    /// <summary>A route template with its parameters filled (an id that exists nowhere).</summary>
    private static string Concrete(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", Guid.NewGuid().ToString());
}
