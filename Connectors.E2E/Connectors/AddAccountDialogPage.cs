using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>Page object for the add-account dialog.</summary>
public sealed class AddAccountDialogPage(IPage page)
{
    public async Task OpenAsync(string connectorKey)
    {
        await page.GetByTestId($"add-account-{connectorKey}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("connect-submit")).ToBeEnabledAsync(); // Enabled once the form is loaded.
    }

    public Task LabelAsync(string label) => Input("account-label").FillAsync(label);

    public async Task ProjectAsync(string projectKey)
    {
        await page.GetByTestId("account-project").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = $"({projectKey})" }).ClickAsync();
    }

    /// <summary>Opens the select carrying <paramref name="testId"/> and clicks the option with exactly that text.</summary>
    public async Task SelectAsync(string testId, string optionText)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(optionText, new() { Exact = true }).ClickAsync();
    }

    public Task FieldAsync(string name, string value) => Input($"field-{name}").FillAsync(value);

    public Task SubmitAsync() => page.GetByTestId("connect-submit").ClickAsync();

    public ILocator FormError => page.GetByTestId("form-error");

    public ILocator Dialog => page.Locator(".mud-dialog");

    public ILocator Input(string testId) => AdminSignIn.Input(page, testId);
}
