using System.Text.Json.Nodes;
using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Connectors.Forms;

/// <summary>Reading a stored config back into form values for a reconnect: every non-secret value
/// the router stored comes back typed as the form holds it; secrets never.</summary>
public sealed class FormPrefillTests
{
    private readonly FormSchema _schema = ImapLikeSchema.Create();

    [Fact]
    public void FromConfig_RoutedSubmission_GivesBackEveryNonSecretValue()
    {
        var routed = FormRouter.Route(_schema, FormValidator.Validate(_schema, ImapLikeSchema.Basic(("port", "143"), ("validate_cert", "false"))));

        var values = FormPrefill.FromConfig(_schema, routed.Config);

        values["auth_mode"].ShouldBe("basic");
        values["host"].ShouldBe("imap.acme.test");
        values["port"].ShouldBe(143d);
        values["encryption"].ShouldBe("ssl");
        values["validate_cert"].ShouldBe(false);
        values["username"].ShouldBe("support@acme.test");
    }

    [Fact]
    public void FromConfig_ConfigReadBackFromStorage_GivesTheSameValues()
    {
        var routed = FormRouter.Route(_schema, FormValidator.Validate(_schema, ImapLikeSchema.Basic(("port", "143"))));
        var stored = JsonNode.Parse(routed.Config.ToJsonString())!.AsObject();

        FormPrefill.FromConfig(_schema, stored).ShouldBe(FormPrefill.FromConfig(_schema, routed.Config));
        FormPrefill.FromConfig(_schema, stored)["port"].ShouldBe(143d);
    }

    [Fact]
    public void FromConfig_SecretFieldEvenIfStoredInConfig_IsNeverReturned()
    {
        var config = new JsonObject { ["password"] = "leaked", ["connection"] = new JsonObject { ["password"] = "leaked" } };

        var values = FormPrefill.FromConfig(_schema, config);

        values.ContainsKey("password").ShouldBeFalse();
    }

    [Fact]
    public void FromConfig_ListField_ComesBackAsArray()
    {
        var schema = new FormSchema([new FormField("folders", "Folders", FieldType.List, FieldTarget.Config)]);

        var values = FormPrefill.FromConfig(schema, new JsonObject { ["folders"] = new JsonArray("INBOX", "Sent") });

        values["folders"].ShouldBe(new[] { "INBOX", "Sent" });
    }

    [Fact]
    public void FromConfig_ValueOfAnotherType_IsLeftOut()
    {
        var config = new JsonObject { ["connection"] = new JsonObject { ["port"] = "not a number", ["host"] = "imap.acme.test" } };

        var values = FormPrefill.FromConfig(_schema, config);

        values.ContainsKey("port").ShouldBeFalse();
        values["host"].ShouldBe("imap.acme.test");
    }
}
