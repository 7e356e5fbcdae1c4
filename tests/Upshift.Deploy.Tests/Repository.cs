namespace Upshift.Deploy.Tests;

/// <summary>Paths inside the repository: the plain manifests and the chart under deploy/.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Kubernetes => Path.Combine(Root, "deploy", "kubernetes");

    public static string Chart => Path.Combine(Root, "deploy", "helm", "upshift");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Upshift.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Upshift.slnx) above " + AppContext.BaseDirectory);
    }
}
