namespace Connectors.Web.Extensions;

/// <summary>
/// Where the host looks for <c>wwwroot</c>. By default that is the working directory, so
/// <c>dotnet /srv/connectors/Connectors.Web.dll</c> started from elsewhere served every static asset as
/// an empty 200 (the asset endpoints come from the manifest next to the executable, the files from a
/// <c>wwwroot</c> that is not there): an unstyled page whose circuit never starts. When nobody chose a
/// content root and the working directory has no <c>wwwroot</c> but the executable's folder has, the
/// executable's folder is the content root. <c>dotnet run</c> (project folder) and a start from the
/// app's own folder are unchanged; relative paths in settings (the SQLite file) still resolve against
/// the working directory.
/// </summary>
public static class AppContentRoot
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Choose(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
    };

    /// <summary>The content root to impose, or null to keep the host's own choice.</summary>
    public static string? Choose(string[] args, string workingDirectory, string appDirectory)
    {
        var chosen = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        if (!string.IsNullOrEmpty(chosen) || HasWebRoot(workingDirectory) || !HasWebRoot(appDirectory))
        {
            return null;
        }

        return appDirectory;
    }

    private static bool HasWebRoot(string folder) => Directory.Exists(Path.Combine(folder, "wwwroot"));
}
