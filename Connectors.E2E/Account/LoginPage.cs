using Microsoft.Playwright;

namespace Connectors.E2E.Account;

/// <summary>Page object for <c>/account/login</c>.</summary>
public sealed class LoginPage(IPage page, string baseUrl)
{
    public Task OpenAsync() => page.GotoAsync($"{baseUrl}/account/login");

    public async Task SignInAsync(string email, string password)
    {
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    public ILocator Error => page.GetByTestId("login-error");
}
