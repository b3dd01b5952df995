using Connectors.Domain.Data;
using Connectors.Domain.OAuth;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.OAuth;

public sealed class OAuthStateStoreTests : TestBedTests
{
    private Guid _account;

    protected override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Connectors:OAuthStateTtlSeconds"] = "120" };

    protected override async Task SeedAsync()
    {
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", authMode: "oauth")).AccountId;
    }

    [Fact]
    public async Task ConsumeAsync_TwoConcurrentConsumptionsOfOneState_ExactlyOneSucceeds()
    {
        var state = await IssueAsync("user-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = Bed.As(Bed.Acme, userId: "user-1");
            return await Record.ExceptionAsync(() => scope.ServiceProvider.GetRequiredService<OAuthStateStore>().ConsumeAsync(state, _account, "user-1", Ct));
        }));

        results.Count(e => e is null).ShouldBe(1);
        results.Count(e => e is OAuthStateException).ShouldBe(1);
    }

    [Fact]
    public async Task ConsumeAsync_Twice_SecondSaysAlreadyUsed()
    {
        var state = await IssueAsync("user-1");
        await using var scope = Bed.As(Bed.Acme);
        var store = scope.ServiceProvider.GetRequiredService<OAuthStateStore>();

        var consumed = await store.ConsumeAsync(state, _account, "user-1", Ct);
        var error = await Should.ThrowAsync<OAuthStateException>(() => store.ConsumeAsync(state, _account, "user-1", Ct));

        consumed.AccountId.ShouldBe(_account);
        error.Message.ShouldContain("already been used");
    }

    [Fact]
    public async Task ConsumeAsync_AfterTtl_FailsAsExpired()
    {
        var state = await IssueAsync("user-1");
        Bed.Clock.Advance(TimeSpan.FromSeconds(121));
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<OAuthStateException>(
            () => scope.ServiceProvider.GetRequiredService<OAuthStateStore>().ConsumeAsync(state, _account, "user-1", Ct));

        error.Message.ShouldContain("expired");
    }

    [Fact]
    public async Task ConsumeAsync_WithinTtl_Succeeds()
    {
        var state = await IssueAsync("user-1");
        Bed.Clock.Advance(TimeSpan.FromSeconds(119));
        await using var scope = Bed.As(Bed.Acme);

        var consumed = await scope.ServiceProvider.GetRequiredService<OAuthStateStore>().ConsumeAsync(state, null, "user-1", Ct);

        consumed.AccountId.ShouldBe(_account);
    }

    [Fact]
    public async Task ConsumeAsync_ForAnotherAccount_FailsAndKeepsTheState()
    {
        var other = (await Bed.CreateMailAccountAsync(Bed.Acme, "Sales", authMode: "oauth")).AccountId;
        var state = await IssueAsync("user-1");
        await using var scope = Bed.As(Bed.Acme);
        var store = scope.ServiceProvider.GetRequiredService<OAuthStateStore>();

        await Should.ThrowAsync<OAuthStateException>(() => store.ConsumeAsync(state, other, "user-1", Ct));

        (await store.ConsumeAsync(state, _account, "user-1", Ct)).AccountId.ShouldBe(_account);
    }

    [Fact]
    public async Task ConsumeAsync_ForAnotherUser_Fails()
    {
        var state = await IssueAsync("user-1");
        await using var scope = Bed.As(Bed.Acme, userId: "user-2");

        await Should.ThrowAsync<OAuthStateException>(
            () => scope.ServiceProvider.GetRequiredService<OAuthStateStore>().ConsumeAsync(state, _account, "user-2", Ct));
    }

    [Fact]
    public async Task ConsumeAsync_InAnotherTenant_Fails()
    {
        var state = await IssueAsync("user-1");
        await using var scope = Bed.As(Bed.Globex);

        await Should.ThrowAsync<OAuthStateException>(
            () => scope.ServiceProvider.GetRequiredService<OAuthStateStore>().ConsumeAsync(state, _account, "user-1", Ct));
    }

    [Fact]
    public async Task IssueAsync_StoresOnlyTheHashAndAProtectedVerifier()
    {
        const string verifier = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
        await using var scope = Bed.As(Bed.Acme);
        var store = scope.ServiceProvider.GetRequiredService<OAuthStateStore>();

        var state = await store.IssueAsync(_account, "user-1", verifier, Ct);

        state.Length.ShouldBe(43);
        await using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext())
        {
            var row = await db.OAuthStates.SingleAsync(s => s.StateHash == OAuthStateStore.Hash(state), Ct);
            row.StateHash.ShouldNotContain(state);
            row.ProtectedCodeVerifier.ShouldNotBeNull();
            row.ProtectedCodeVerifier.ShouldNotContain(verifier);
            (await db.OAuthStates.CountAsync(s => s.StateHash == state, Ct)).ShouldBe(0);
        }

        (await store.ConsumeAsync(state, _account, "user-1", Ct)).CodeVerifier.ShouldBe(verifier);
    }

    [Fact]
    public void Pkce_Challenge_MatchesRfc7636Example() =>
        Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").ShouldBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

    private async Task<string> IssueAsync(string userId)
    {
        await using var scope = Bed.As(Bed.Acme, userId: userId);
        return await scope.ServiceProvider.GetRequiredService<OAuthStateStore>().IssueAsync(_account, userId, null, Ct);
    }
}
