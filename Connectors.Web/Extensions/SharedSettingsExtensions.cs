using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Connectors.Web.Extensions;

public static class SharedSettingsExtensions
{
    /// <summary>
    /// The one root <c>appsettings.json</c> is linked into the build output, not the project folder,
    /// while the content root is the working directory (<c>dotnet run</c> uses the project folder).
    /// When the content root has no appsettings of its own, read the copy next to the executable,
    /// in the same place of the source order so environment variables and arguments still win.
    /// </summary>
    public static void UseSharedAppSettings(this IHostApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"))
            || !File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: "appsettings.json" } original)
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = "appsettings.json",
                    Optional = true,
                    ReloadOnChange = original.ReloadOnChange,
                    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                };
                return;
            }
        }
    }
}
