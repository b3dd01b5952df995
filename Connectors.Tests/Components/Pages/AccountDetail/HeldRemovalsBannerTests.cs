using Bunit;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Components.Shared;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Components.Pages.AccountDetail;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Components.Pages.AccountDetail;

/// <summary>The account page's question after a held sync: how many, Apply removals (after a confirmation: exactly the
/// held documents go) or Keep documents; an admin without the manage right reads it without the buttons.</summary>
public sealed class HeldRemovalsBannerTests : ComponentTestContext
{
    private Guid _account;
    private int _decided;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
        var account = new ConnectorAccount(_account, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "default", []);
        await using var scope = Bed.As(Bed.Acme);
        var sink = scope.ServiceProvider.GetRequiredService<DocumentStore>().For(account);
        await sink.UpsertAsync([.. Enumerable.Range(1, 60).Select(n => new DocumentInput($"m-{n}", $"Message {n}", "body"))], Ct);
        await sink.RemoveAllExceptAsync(new HashSet<string>(["m-1"]), Ct);
        (await sink.CommitRemovalsAsync(Guid.NewGuid(), 0.2, 50, Ct)).Held.ShouldBe(59);
    }

    [Fact]
    public async Task ApplyRemovals_AfterConfirming_RemovesExactlyTheHeldDocuments()
    {
        var banner = RenderBanner();
        banner.Find("[data-testid='held-removals']").GetAttribute("data-count").ShouldBe("59");

        var click = banner.ByTestId("held-apply").ClickAsync(new MouseEventArgs());
        banner.WaitForAssertion(() => banner.FindAll(".mud-dialog-actions button").ShouldContain(b => b.TextContent.Trim() == "Apply removals"));
        await banner.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Apply removals").ClickAsync(new MouseEventArgs());
        await click;

        _decided.ShouldBe(1);
        (await Bed.QueryAsync(db => db.Documents.Select(d => d.ExternalId).ToListAsync(Ct))).ShouldBe(["m-1"]);
    }

    [Fact]
    public async Task KeepDocuments_KeepsThemAll()
    {
        var banner = RenderBanner();

        await banner.ByTestId("held-keep").ClickAsync(new MouseEventArgs());

        _decided.ShouldBe(1);
        (await Bed.QueryAsync(db => db.Documents.CountAsync(Ct))).ShouldBe(60);
        (await Bed.QueryAsync(db => db.HeldRemovals.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public void AnAdminWithoutTheManageRight_ReadsItWithoutTheButtons()
    {
        ActAs(TenantRole.Admin);

        var banner = RenderBanner();

        banner.Find("[data-testid='held-removals']").TextContent.ShouldContain("59 document(s) gone");
        banner.Has("held-apply").ShouldBeFalse();
        banner.Has("held-keep").ShouldBeFalse();
    }

    private IRenderedComponent<IComponent> RenderBanner() => RenderWithProviders(builder =>
    {
        builder.OpenComponent<HeldRemovalsBanner>(0);
        builder.AddAttribute(1, nameof(HeldRemovalsBanner.AccountId), _account);
        builder.AddAttribute(2, nameof(HeldRemovalsBanner.Count), 59);
        builder.AddAttribute(3, nameof(HeldRemovalsBanner.OnDecided), EventCallback.Factory.Create(this, () => _decided++));
        builder.CloseComponent();
    });
}
