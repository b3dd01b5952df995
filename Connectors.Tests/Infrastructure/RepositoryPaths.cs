namespace Connectors.Tests.Infrastructure;

/// <summary>Finds the repository and the built web app from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The web app as built for this test run (same configuration as the tests).</summary>
    public static string WebAppDll
    {
        get
        {
            // …/Connectors.Tests/bin/<Configuration>/<tfm>/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(Root, "Connectors.Web", "bin", output.Parent!.Name, output.Name, "Connectors.Web.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build Connectors.Web first.", path);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connectors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Connectors.sln not found above " + AppContext.BaseDirectory);
    }
}
