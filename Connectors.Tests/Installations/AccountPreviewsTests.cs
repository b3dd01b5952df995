using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The Preview use case on the test mail connector: the limit, the status, the right, the time limit, a
/// failure in the product's words (never an exception's text), and the audit entry.</summary>
public sealed class AccountPreviewsTests : TestBedTests
{
    private Guid _account;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Connectors:Preview:TimeoutSeconds"] = "1" };

    protected override async Task SeedAsync() => _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;

    [Fact]
    public async Task Preview_AnswersAtMostTheLimit_AndIsAudited()
    {
        var preview = await Bed.PreviewAsync(Bed.Acme, _account, limit: 2);

        preview.Succeeded.ShouldBeTrue();
        preview.Items.Select(i => i.Title).ShouldBe(["Message 3", "Message 2"]);
        (await Bed.AuditActionsAsync(Bed.Acme, _account)).ShouldContain("account.previewed");
    }

    [Fact]
    public async Task Preview_TooSlow_StopsAtTheTimeLimit_WithTheReason()
    {
        Bed.Calls.PreviewBody = async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        };

        var preview = await Bed.PreviewAsync(Bed.Acme, _account);

        preview.Items.ShouldBeEmpty();
        preview.Error.ShouldBe("The preview did not finish within 1 s.");
    }

    [Fact]
    public async Task Preview_ConnectorThrowsUnexpectedly_AnswersTheProductsWords_NotTheExceptionsText()
    {
        Bed.Calls.PreviewBody = _ => throw new InvalidOperationException("stack details with secret-token-123");

        var preview = await Bed.PreviewAsync(Bed.Acme, _account);

        preview.Error.ShouldBe("The preview failed unexpectedly; the server log has the details.");
    }

    [Fact]
    public async Task Preview_RefusedForViewers_BadLimits_AndAccountsThatAreNotActive()
    {
        await using (var viewer = Bed.As(Bed.Acme, TenantRole.Admin))
        {
            await Should.ThrowAsync<AccessDeniedException>(() => viewer.ServiceProvider.GetRequiredService<AccountPreviews>().PreviewAsync(_account, 5, Ct));
        }

        (await Should.ThrowAsync<ValidationFailedException>(() => Bed.PreviewAsync(Bed.Acme, _account, limit: 0))).Errors.Keys.ShouldBe(["limit"]);
        (await Should.ThrowAsync<ValidationFailedException>(() => Bed.PreviewAsync(Bed.Acme, _account, limit: 21))).Errors.Keys.ShouldBe(["limit"]);
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().PauseAsync(_account, Ct);
        }

        (await Should.ThrowAsync<ValidationFailedException>(() => Bed.PreviewAsync(Bed.Acme, _account))).Errors.Keys.ShouldBe(["status"]);
        await Should.ThrowAsync<NotFoundException>(() => Bed.PreviewAsync(Bed.Globex, _account));
    }
}
