using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Connectors;

/// <summary>Each registration fault is refused with a message naming the connector and the fault.</summary>
public sealed class ConnectorRegistryTests
{
    [Fact]
    public void Constructor_ValidConnectors_ListsByDisplayNameAndFindsByKey()
    {
        var registry = new ConnectorRegistry([new SchemaConnector("zeta", displayName: "Zeta"), new SchemaConnector("alpha-mail", displayName: "Alpha mail")]);

        registry.All.Select(c => c.Key).ShouldBe(["alpha-mail", "zeta"]);
        registry.Find("zeta")!.DisplayName.ShouldBe("Zeta");
        registry.Find("missing").ShouldBeNull();
    }

    [Theory]
    [InlineData("Google_Drive")]
    [InlineData("drive-")]
    [InlineData("-drive")]
    [InlineData("google--drive")]
    [InlineData("")]
    public void Constructor_KeyNotKebabCase_IsRefused(string key)
    {
        var error = Refused(new SchemaConnector(key));

        error.Message.ShouldContain($"Connector '{key}' (SchemaConnector): key '{key}' is not kebab-case");
    }

    [Fact]
    public void Constructor_DuplicateKey_IsRefusedNamingBothTypes()
    {
        var error = Refused(new SchemaConnector("wiki"), new WikiConnector());

        error.Message.ShouldContain("Connector 'wiki': the key is registered more than once (SchemaConnector, WikiConnector).");
    }

    [Fact]
    public void Constructor_DuplicateFieldNames_IsRefused()
    {
        var error = Refused(Form(Text("host"), Text("host")));

        error.Message.ShouldContain("Connector 'bad' (SchemaConnector): credential form: field 'host' is declared more than once.");
    }

    [Fact]
    public void Constructor_ShowIfNamingAMissingField_IsRefused()
    {
        var error = Refused(Form(Text("host") with { ShowIf = new ShowIf("auth_mode", "basic") }));

        error.Message.ShouldContain("Connector 'bad' (SchemaConnector): credential form: field 'host' has showIf on 'auth_mode', which is not another field of the form.");
    }

    [Fact]
    public void Constructor_ShowIfWithAnImpossibleValue_IsRefused()
    {
        var error = Refused(Form(Mode(), Text("host") with { ShowIf = new ShowIf("mode", "kerberos") }));

        error.Message.ShouldContain("Connector 'bad' (SchemaConnector): credential form: field 'host' has showIf mode='kerberos', a value 'mode' can never take.");
    }

    [Fact]
    public void Constructor_ShowIfOnACheckboxWithANonBoolValue_IsRefused()
    {
        var checkbox = new FormField("advanced", "Advanced", FieldType.Checkbox, FieldTarget.Config);

        var error = Refused(Form(checkbox, Text("host") with { ShowIf = new ShowIf("advanced", "yes") }));

        error.Message.ShouldContain("field 'host' has showIf advanced='yes'");
    }

    [Fact]
    public void Constructor_SecretFieldThatIsNotAPassword_IsRefused()
    {
        var error = Refused(new LeakyConnector());

        error.Message.ShouldContain("Connector 'leaky' (LeakyConnector): credential form: field 'api_key' targets the vault (Secret) but is of type Text; secret fields must be Password fields.");
    }

    [Fact]
    public void Constructor_SelectWithoutOptions_IsRefused()
    {
        var error = Refused(Form(new FormField("region", "Region", FieldType.Select, FieldTarget.Config)));

        error.Message.ShouldContain("Connector 'bad' (SchemaConnector): credential form: select field 'region' has no options.");
    }

    [Fact]
    public void Constructor_SelectDefaultNotAnOption_IsRefused()
    {
        var error = Refused(Form(Mode() with { Default = "ntlm" }));

        error.Message.ShouldContain("Connector 'bad' (SchemaConnector): credential form: select field 'mode' has default 'ntlm', which is not one of its options.");
    }

    [Fact]
    public void Constructor_SeveralFaults_NamesEveryOne()
    {
        var error = Refused(new LeakyConnector(), new SchemaConnector("Bad Key"));

        error.Message.ShouldContain("Connector 'leaky'");
        error.Message.ShouldContain("Connector 'Bad Key'");
    }

    [Fact]
    public void Constructor_DiscoveryOnATextField_IsRefused()
    {
        var error = Refused(Form(Text("host") with { Discovery = "hosts" }));

        error.Message.ShouldContain("credential form: field 'host' discovers its options from 'hosts' but is of type Text; only List and Select fields can.");
    }

    [Fact]
    public void Constructor_DiscoveryOnAListSettingsField_IsAccepted()
    {
        var connector = new SettingsSchemaConnector(new FormSchema([
            new FormField("folders", "Folders", FieldType.List, FieldTarget.Config) { Discovery = "folders" },
        ]));

        new ConnectorRegistry([connector]).Find("bad-settings").ShouldBe(connector);
    }

    [Theory]
    [InlineData(FieldType.Password, FieldTarget.Secret)]
    [InlineData(FieldType.Text, FieldTarget.Connection)]
    public void Constructor_SettingsFieldThatCannotLiveInConfig_IsRefused(FieldType type, FieldTarget target)
    {
        var error = Refused(new SettingsSchemaConnector(new FormSchema([new FormField("token", "Token", type, target)])));

        error.Message.ShouldContain($"settings form: settings field 'token' is a {type} targeting {target}; settings are stored in the account's config");
    }

    private static ConnectorRegistrationException Refused(params IConnector[] connectors) =>
        Should.Throw<ConnectorRegistrationException>(() => new ConnectorRegistry(connectors));

    private static SchemaConnector Form(params FormField[] fields) => new("bad", new FormSchema(fields));

    private static FormField Text(string name) => new(name, name, FieldType.Text, FieldTarget.Connection);

    private static FormField Mode() => new("mode", "Mode", FieldType.Select, FieldTarget.AuthMode)
    {
        Default = "basic",
        Options = [new("basic", "Basic"), new("token", "Token")],
    };
}
