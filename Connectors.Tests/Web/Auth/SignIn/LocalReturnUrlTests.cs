using Connectors.Web.Components.Account;

namespace Connectors.Tests.Web.Auth.SignIn;

public sealed class LocalReturnUrlTests
{
    [Theory]
    [InlineData("/admin/documents?q=café", "/admin/documents?q=caf%C3%A9")]
    [InlineData("/\u3002", "/%E3%80%82")]
    [InlineData("//evil.test", "/")]
    [InlineData(null, "/")]
    public void Resolve_ReturnUrl_IsLocalAndPercentEncoded(string? returnUrl, string expected) =>
        LocalReturnUrl.Resolve(returnUrl).ShouldBe(expected);
}
