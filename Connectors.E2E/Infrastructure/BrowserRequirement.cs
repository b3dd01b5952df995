namespace Connectors.E2E.Infrastructure;

/// <summary>Browser tests need Debian's Chromium. Outside CI they skip saying what to install;
/// with <c>CONNECTORS_REQUIRE_BROWSER=1</c> (set by .ci/run) a missing browser fails them.</summary>
public static class BrowserRequirement
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static void EnsureAvailable()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var message = $"Chromium not found at {ChromiumPath}: apt-get install -y chromium";
        if (Environment.GetEnvironmentVariable("CONNECTORS_REQUIRE_BROWSER") == "1")
        {
            Assert.Fail(message + " (required because CONNECTORS_REQUIRE_BROWSER=1)");
        }

        Assert.Skip(message);
    }
}
