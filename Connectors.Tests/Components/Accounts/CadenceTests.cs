using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;

namespace Connectors.Tests.Components.Accounts;

public sealed class CadenceTests
{
    [Theory]
    [InlineData(5, "every 5 min")]
    [InlineData(15, "every 15 min")]
    [InlineData(60, "every 1 h")]
    [InlineData(90, "every 1 h 30 min")]
    [InlineData(720, "every 12 h")]
    [InlineData(1_440, "every 1 day")]
    [InlineData(2_880, "every 2 days")]
    [InlineData(1_500, "every 25 h")]
    [InlineData(10_080, "every 7 days")]
    public void Every_Minutes_ReadsAsPeopleSayIt(int minutes, string expected) =>
        Cadence.Every(minutes).ShouldBe(expected);
}
