using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Confluence;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>What the schema cannot express: the base URL's shape and the space keys written into CQL.</summary>
public sealed class ConfluenceSiteTests
{
    [Theory]
    [InlineData("https://acme.atlassian.net", "https://acme.atlassian.net/")]
    [InlineData(" https://acme.atlassian.net/wiki/ ", "https://acme.atlassian.net/")]
    [InlineData("http://127.0.0.1:8090/", "http://127.0.0.1:8090/")]
    public void ParseBaseUrl_SiteAddress_RootOfTheSite(string raw, string expected) =>
        ConfluenceSite.ParseBaseUrl(raw).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://x")]
    [InlineData("/wiki")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://acme.atlassian.net/?token=abc")]
    [InlineData("https://acme.atlassian.net/#top")]
    [InlineData("https://bob:hunter2@acme.atlassian.net")]
    [InlineData("https://acme.atlassian.net/wiki/spaces/ENG")]
    public void ParseBaseUrl_Unusable_ConfigurationErrorNamingTheFieldWithoutEchoingIt(string raw)
    {
        var error = Should.Throw<ConnectorConfigurationException>(() => ConfluenceSite.ParseBaseUrl(raw));

        error.Message.ShouldStartWith("Base URL (base_url) must");
        error.Message.ShouldNotContain("hunter2");
        error.Message.ShouldNotContain("token=abc");
    }

    [Theory]
    [InlineData("/rest/api/content/search?cursor=abc", "https://acme.atlassian.net/wiki/rest/api/content/search?cursor=abc")]
    [InlineData("/wiki/rest/api/content/search?start=25", "https://acme.atlassian.net/wiki/rest/api/content/search?start=25")]
    [InlineData("https://evil.example/rest/api/content/search?start=25", "https://acme.atlassian.net/wiki/rest/api/content/search?start=25")]
    [InlineData("/spaces/ENG/pages/1/Home", "https://acme.atlassian.net/wiki/spaces/ENG/pages/1/Home")]
    public void Link_RelativeOrForeign_ResolvedOnTheConfiguredSite(string link, string expected) =>
        Site().Link(link).ToString().ShouldBe(expected);

    [Fact]
    public void ParseSpaceKeys_CommaSeparated_TrimmedBlanksAndDuplicatesDropped() =>
        ConfluenceSite.ParseSpaceKeys(" ENG, ,HR,ENG,~557058abc ").ShouldBe(["ENG", "HR", "~557058abc"]);

    [Theory]
    [InlineData("ENG\") OR space=(\"SECRET")]
    [InlineData("ENG HR")]
    public void ParseSpaceKeys_NotAKey_ConfigurationErrorNamingTheField(string raw) =>
        Should.Throw<ConnectorConfigurationException>(() => ConfluenceSite.ParseSpaceKeys(raw)).Message.ShouldStartWith("Spaces (space_keys):");

    [Fact]
    public void CredentialForm_Schema_PassesTheRegistrysRules() =>
        FormSchemaRules.FindFaults(ConfluenceForms.Credential).ShouldBeEmpty();

    [Fact]
    public void CredentialForm_ApiToken_IsTheOnlySecretAndAPassword() =>
        ConfluenceForms.Credential.Fields.Where(f => f.Target == FieldTarget.Secret).Select(f => (f.Name, f.Type))
            .ShouldBe([(ConfluenceForms.ApiToken, FieldType.Password)]);

    private static ConfluenceSite Site() => new(new Uri("https://acme.atlassian.net/"), "a@acme.test", []);
}
