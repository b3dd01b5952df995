using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Connectors.Forms;

/// <summary>Routing by target: Secret → vault only; Connection → config.connection.&lt;name&gt;;
/// AuthMode, Provider, Config → config.&lt;name&gt;.</summary>
public sealed class FormRouterTests
{
    private readonly FormSchema _schema = ImapLikeSchema.Create();

    [Fact]
    public void Route_SecretField_GoesToSecretsOnlyNeverConfig()
    {
        var routed = Route(ImapLikeSchema.Basic(("password", "Very-Secret-1")));

        routed.Secrets.ShouldBe(new Dictionary<string, string> { ["password"] = "Very-Secret-1" });
        routed.Config.ToJsonString().ShouldNotContain("Very-Secret-1");
        routed.Config.ToJsonString().ShouldNotContain("password");
    }

    [Fact]
    public void Route_ConnectionFields_GoUnderConfigConnection()
    {
        var routed = Route(ImapLikeSchema.Basic(("port", "143")));

        var connection = routed.Config["connection"]!.AsObject();
        connection["host"]!.GetValue<string>().ShouldBe("imap.acme.test");
        connection["port"]!.GetValue<long>().ShouldBe(143);
        connection["encryption"]!.GetValue<string>().ShouldBe("ssl");
        connection["validate_cert"]!.GetValue<bool>().ShouldBeTrue();
        connection["username"]!.GetValue<string>().ShouldBe("support@acme.test");
        routed.Config.ContainsKey("host").ShouldBeFalse();
    }

    [Fact]
    public void Route_AuthModeField_GoesToConfigTopLevel()
    {
        var routed = Route(ImapLikeSchema.Basic());

        routed.Config["auth_mode"]!.GetValue<string>().ShouldBe("basic");
    }

    [Fact]
    public void Route_ProviderField_GoesToConfigTopLevel()
    {
        var routed = Route(new Dictionary<string, object?> { ["auth_mode"] = "xoauth2", ["xoauth2_provider"] = "microsoft", ["username"] = "me@contoso.test" });

        routed.Config["xoauth2_provider"]!.GetValue<string>().ShouldBe("microsoft");
        routed.Config["connection"]!.AsObject().Select(p => p.Key).ShouldBe(["username"]);
        routed.Secrets.ShouldBeEmpty();
    }

    [Fact]
    public void Route_ConfigField_GoesToConfigTopLevel()
    {
        var schema = new FormSchema([
            new FormField("date_window_days", "Days", FieldType.Number, FieldTarget.Config) { Default = "365", Min = 0 },
            new FormField("folders", "Folders", FieldType.List, FieldTarget.Config),
        ]);
        var validated = FormValidator.Validate(schema, new Dictionary<string, object?> { ["folders"] = "INBOX, Sent" });

        var routed = FormRouter.Route(schema, validated);

        routed.Config.ToJsonString().ShouldBe("""{"date_window_days":365,"folders":["INBOX","Sent"]}""");
    }

    [Fact]
    public void Route_InvalidResult_Throws()
    {
        var invalid = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("port", "0")));

        Should.Throw<InvalidOperationException>(() => FormRouter.Route(_schema, invalid));
    }

    private RoutedSubmission Route(Dictionary<string, object?> values)
    {
        var validated = FormValidator.Validate(_schema, values);
        validated.Errors.ShouldBeEmpty();
        return FormRouter.Route(_schema, validated);
    }
}
