using System.Text.Json;
using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Connectors.Forms;

/// <summary>One test per rule of the one validator.</summary>
public sealed class FormValidatorTests
{
    private readonly FormSchema _schema = ImapLikeSchema.Create();

    [Fact]
    public void Validate_BasicModeWithoutPassword_RequiresIt()
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("password", null)));

        result.Errors.ShouldBe(new Dictionary<string, string> { ["password"] = "Password is required." });
    }

    [Fact]
    public void Validate_OAuthModeWithoutPasswordOrHost_IsValidBecauseTheyAreHidden()
    {
        var result = FormValidator.Validate(_schema, new Dictionary<string, object?> { ["auth_mode"] = "xoauth2", ["username"] = "me@gmail.test" });

        result.IsValid.ShouldBeTrue();
        result.Values.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["auth_mode", "username", "xoauth2_provider"]);
        result.Values["xoauth2_provider"].ShouldBe("google");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_AuthModeOmittedNullOrBlank_TakesItsDefaultBeforeValidation(string? authMode)
    {
        var values = ImapLikeSchema.Basic();
        if (authMode is null)
        {
            values.Remove("auth_mode");
        }
        else
        {
            values["auth_mode"] = authMode;
        }

        var result = FormValidator.Validate(_schema, values);

        result.IsValid.ShouldBeTrue();
        result.Values["auth_mode"].ShouldBe("basic");
        result.Values["password"].ShouldBe("s3cret");
    }

    [Fact]
    public void Validate_DefaultsOfVisibleFields_AreFilledAndTyped()
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic());

        result.Values["port"].ShouldBe(993d);
        result.Values["encryption"].ShouldBe("ssl");
        result.Values["validate_cert"].ShouldBe(true);
    }

    [Fact]
    public void Validate_NumberAsString_IsCoercedToANumber()
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("port", " 143 ")));

        result.Values["port"].ShouldBe(143d);
    }

    [Fact]
    public void Validate_JsonValuesFromTheApi_AreCoerced()
    {
        using var json = JsonDocument.Parse("""{"port": 143, "validate_cert": false, "host": "imap.acme.test"}""");

        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(
            ("port", json.RootElement.GetProperty("port")),
            ("validate_cert", json.RootElement.GetProperty("validate_cert")),
            ("host", json.RootElement.GetProperty("host"))));

        result.IsValid.ShouldBeTrue();
        result.Values["port"].ShouldBe(143d);
        result.Values["validate_cert"].ShouldBe(false);
        result.Values["host"].ShouldBe("imap.acme.test");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("on", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    public void Validate_CheckboxText_IsCoercedToABool(string submitted, bool expected)
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("validate_cert", submitted)));

        result.Values["validate_cert"].ShouldBe(expected);
    }

    [Theory]
    [InlineData("port", "nine", "Port must be a number.")]
    [InlineData("validate_cert", "maybe", "Validate certificate must be true or false.")]
    public void Validate_UncoercibleValue_NamesTheField(string field, string submitted, string message)
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic((field, submitted)));

        result.Errors.ShouldBe(new Dictionary<string, string> { [field] = message });
    }

    [Fact]
    public void Validate_SelectValueNotAnOption_IsRejectedListingTheOptions()
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("encryption", "rot13")));

        result.Errors["encryption"].ShouldBe("Encryption must be one of: ssl, tls, starttls, none.");
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("65536", false)]
    [InlineData("1", true)]
    [InlineData("65535", true)]
    public void Validate_NumberOutsideMinMax_IsRejected(string port, bool valid)
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("port", port)));

        result.IsValid.ShouldBe(valid);
        if (!valid)
        {
            result.Errors["port"].ShouldBe("Port must be between 1 and 65535.");
        }
    }

    [Theory]
    [InlineData("host")]
    [InlineData("password")]
    public void Validate_TextLongerThan1024_IsRejected(string field)
    {
        var atLimit = FormValidator.Validate(_schema, ImapLikeSchema.Basic((field, new string('a', 1024))));
        var overLimit = FormValidator.Validate(_schema, ImapLikeSchema.Basic((field, new string('a', 1025))));

        atLimit.IsValid.ShouldBeTrue();
        overLimit.Errors[field].ShouldEndWith("must be at most 1024 characters.");
    }

    [Fact]
    public void Validate_UnknownField_IsRejectedByName()
    {
        var result = FormValidator.Validate(_schema, ImapLikeSchema.Basic(("smtp_host", "smtp.acme.test")));

        result.Errors.ShouldBe(new Dictionary<string, string> { ["smtp_host"] = "Unknown field 'smtp_host'." });
    }

    [Fact]
    public void Validate_FieldHiddenByUnmetShowIf_IsDroppedEvenWhenSubmitted()
    {
        var result = FormValidator.Validate(_schema, new Dictionary<string, object?>
        {
            ["auth_mode"] = "xoauth2",
            ["username"] = "me@gmail.test",
            ["host"] = "imap.evil.test",
            ["password"] = "should-never-be-kept",
            ["port"] = "not even a number",
        });

        result.IsValid.ShouldBeTrue();
        result.Values.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["auth_mode", "username", "xoauth2_provider"]);
    }

    [Fact]
    public void Validate_FieldDependingOnAHiddenField_IsHiddenToo()
    {
        var schema = new FormSchema([
            new FormField("mode", "Mode", FieldType.Select, FieldTarget.Config) { Default = "a", Options = [new("a", "A"), new("b", "B")] },
            new FormField("advanced", "Advanced", FieldType.Checkbox, FieldTarget.Config) { Default = "true", ShowIf = new ShowIf("mode", "b") },
            new FormField("tuning", "Tuning", FieldType.Text, FieldTarget.Config) { Required = true, ShowIf = new ShowIf("advanced", "true") },
        ]);

        var result = FormValidator.Validate(schema, new Dictionary<string, object?> { ["mode"] = "a", ["advanced"] = "true" });

        result.IsValid.ShouldBeTrue();
        result.Values.Keys.ShouldBe(["mode"]);
    }

    [Fact]
    public void Validate_ListValue_IsTrimmedDeduplicatedAndBlanksDropped()
    {
        var schema = new FormSchema([new FormField("folders", "Folders", FieldType.List, FieldTarget.Config)]);

        var result = FormValidator.Validate(schema, new Dictionary<string, object?> { ["folders"] = new[] { " INBOX ", "Sent", "", "INBOX", "  " } });

        result.Values["folders"].ShouldBe(new[] { "INBOX", "Sent" });
    }
}
