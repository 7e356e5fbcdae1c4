namespace Upshift.Tests;

/// <summary>The repository the tests run from: its root is the folder above the test binaries that holds Upshift.slnx.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Upshift.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Upshift.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
