using Bunit;
using Connectors.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor.Services;

namespace Connectors.Tests.Components.Layout;

/// <summary>A page that fails unexpectedly shows a friendly alert with a retry — never the exception.</summary>
public sealed class PageErrorBoundaryTests : BunitContext
{
    public PageErrorBoundaryTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void ChildThrows_ShowsTheAlertWithoutTheExceptionText()
    {
        var cause = new Cause { Present = true };

        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<Flaky>(c => c.Add(f => f.Cause, cause)));

        cut.Find("[data-testid='page-error']").TextContent.ShouldContain("Something went wrong on this page.");
        cut.Markup.ShouldNotContain(Flaky.Secret);
        cut.Markup.ShouldNotContain("InvalidOperationException");
    }

    [Fact]
    public void Retry_AfterTheCauseIsGone_RendersThePageAgain()
    {
        var cause = new Cause { Present = true };
        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<Flaky>(c => c.Add(f => f.Cause, cause)));

        cause.Present = false;
        cut.Find("[data-testid='page-error-retry']").Click();

        cut.Find("[data-testid='flaky']").TextContent.ShouldBe("fine");
        cut.FindAll("[data-testid='page-error']").ShouldBeEmpty();
    }

    private sealed class Cause
    {
        public bool Present { get; set; }
    }

    /// <summary>Fails to render while its cause is present.</summary>
    private sealed class Flaky : ComponentBase
    {
        public const string Secret = "connection string with Password=hunter2";

        [Parameter]
        public Cause Cause { get; set; } = new();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (Cause.Present)
            {
                throw new InvalidOperationException(Secret);
            }

            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "flaky");
            builder.AddContent(2, "fine");
            builder.CloseElement();
        }
    }
}
