using Connectors.Domain.Connectors.Forms;
using Connectors.Web.Cli;

namespace Connectors.Tests.Cli;

/// <summary>How <c>accounts add</c> takes a form's values: which secret fields it reads from standard
/// input (one line each, form order, only the visible ones) and how it reads them.</summary>
public sealed class CliFormValuesTests
{
    private static readonly FormSchema Form = new([
        new FormField("mode", "Mode", FieldType.Select, FieldTarget.AuthMode) { Default = "token", Options = [new("token", "Token"), new("keypair", "Key pair")] },
        new FormField("api_token", "API token", FieldType.Password, FieldTarget.Secret) { Required = true },
        new FormField("user", "User", FieldType.Text, FieldTarget.Connection),
        new FormField("private_key", "Private key", FieldType.Password, FieldTarget.Secret) { Required = true, ShowIf = new ShowIf("mode", "keypair") },
        new FormField("passphrase", "Passphrase", FieldType.Password, FieldTarget.Secret),
        new FormField("tags", "Tags", FieldType.List, FieldTarget.Config),
    ]);

    [Theory]
    [InlineData(null, "api_token,passphrase")]
    [InlineData("keypair", "api_token,private_key,passphrase")]
    public void SecretsToRead_SeveralSecretFields_VisibleOnesInFormOrder(string? mode, string expected)
    {
        var values = CliFormValues.Parse(Form, mode is null ? [] : [$"mode={mode}"]);

        var secrets = CliFormValues.SecretsToRead(Form, values);

        string.Join(',', secrets.Select(f => f.Name)).ShouldBe(expected);
    }

    [Fact]
    public async Task ReadSecretsAsync_OneLinePerSecretField_TakenAsIs()
    {
        var values = CliFormValues.Parse(Form, ["mode=keypair"]);

        await CliFormValues.ReadSecretsAsync(Form, values, new StringReader("tok-1\n-----KEY-----\n two words \n"), TestContext.Current.CancellationToken);

        values["api_token"].ShouldBe("tok-1");
        values["private_key"].ShouldBe("-----KEY-----");
        values["passphrase"].ShouldBe(" two words ");
    }

    [Fact]
    public async Task ReadSecretsAsync_OptionalSecretMissing_IsLeftOut()
    {
        var values = CliFormValues.Parse(Form, []);

        await CliFormValues.ReadSecretsAsync(Form, values, new StringReader("tok-1\n"), TestContext.Current.CancellationToken);

        values.Keys.ShouldBe(["api_token"]);
    }

    [Fact]
    public void Parse_ListFieldRepeated_CollectsEveryValue()
    {
        var values = CliFormValues.Parse(Form, ["tags=a", "tags=b,c", "user=x=y"]);

        values["tags"].ShouldBe(new[] { "a", "b,c" });
        values["user"].ShouldBe("x=y");
    }

    [Theory]
    [InlineData("api_token=x", "--field api_token is refused: 'API token' is a secret")]
    [InlineData("passphrase=x", "--field passphrase is refused: 'Passphrase' is a secret")]
    [InlineData("user=a", "--field user is given more than once.")]
    public void Parse_SecretOrRepeatedPlainField_IsRefused(string option, string expected)
    {
        Should.Throw<CliUsageException>(() => CliFormValues.Parse(Form, ["user=a", option]))
            .Message.ShouldStartWith(expected);
    }
}
