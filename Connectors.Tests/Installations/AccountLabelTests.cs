using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Tests.Installations;

/// <summary>Text that cannot be normalized (found by the API's fuzz test) is a label error, not a crash.</summary>
public sealed class AccountLabelTests
{
    [Theory]
    [InlineData("\uFFFF\uFFFE")]
    [InlineData("Support \uFFFF")]
    [InlineData("lone \ud800 surrogate")]
    [InlineData("\udc00")]
    public void Parse_TextThatCannotBeNormalized_IsALabelError(string label)
    {
        var error = Should.Throw<ValidationFailedException>(() => AccountLabel.Parse(label));

        error.Errors.Keys.ShouldBe(["label"]);
    }

    [Fact]
    public void Parse_DecomposedAccent_IsComposed()
    {
        AccountLabel.Parse("Zoe\u0308").ShouldBe("Zoë");
    }
}
