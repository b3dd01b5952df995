using Connectors.Domain;
using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Network;
using Microsoft.Extensions.Options;

namespace Connectors.Tests.Connectors.Network;

/// <summary>The SSRF guard against every spelling of the attack run, with private hosts off and on.</summary>
public sealed class HostGuardTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(HostGuardSpellings.Cases), MemberType = typeof(HostGuardSpellings))]
    public async Task ResolveAllowed_Spelling_GivesItsVerdict(string host, bool allowPrivateHosts, Verdict expected)
    {
        var verdict = await JudgeAsync(Guard(allowPrivateHosts), host);

        verdict.ShouldBe(expected, $"host '{host}' with AllowPrivateHosts={allowPrivateHosts}");
    }

    [Fact]
    public async Task ResolveAllowed_EverySpelling_RefusesTheExpectedShareAndPrintsIt()
    {
        HostGuardSpellings.All.Length.ShouldBeGreaterThanOrEqualTo(80);
        foreach (var allow in new[] { false, true })
        {
            var guard = Guard(allow);
            var refused = 0;
            foreach (var (host, _, _) in HostGuardSpellings.All)
            {
                refused += await JudgeAsync(guard, host) == Verdict.Refused ? 1 : 0;
            }

            var expected = HostGuardSpellings.All.Count(s => (allow ? s.PrivateOn : s.PrivateOff) == Verdict.Refused);
            output.WriteLine($"AllowPrivateHosts={allow}: {refused} refused of {HostGuardSpellings.All.Length} spellings tried");
            refused.ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("::1%lo")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    public async Task ResolveAllowed_RefusedHost_SaysWhyInTheProductsWords(string host)
    {
        var refusal = await Should.ThrowAsync<ConnectorConfigurationException>(() => Guard(true).ResolveAllowedAsync(host, TestContext.Current.CancellationToken));

        refusal.Message.ShouldContain($"'{host}'");
        refusal.Message.ShouldContain("not allowed");
    }

    private static HostGuard Guard(bool allowPrivateHosts) =>
        new(Options.Create(new ConnectorsOptions { Network = { AllowPrivateHosts = allowPrivateHosts } }));

    private static async Task<Verdict> JudgeAsync(HostGuard guard, string host)
    {
        try
        {
            await guard.ResolveAllowedAsync(host, TestContext.Current.CancellationToken);
            return Verdict.Allowed;
        }
        catch (ConnectorConfigurationException)
        {
            return Verdict.Refused;
        }
    }
}
