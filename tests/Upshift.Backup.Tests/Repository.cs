namespace Upshift.Backup.Tests;

/// <summary>Paths inside the repository (the example release package) and the test server.</summary>
public static class Repository
{
    public const string VersionQuery = "SELECT val FROM idb_parameters WHERE sect='schema' AND opt='version'";

    public static string Root { get; } = FindRoot();

    public static string Example => Path.Combine(Root, "examples", "interaction-db");

    public static string Scripts => Path.Combine(Example, "scripts");

    public static string Seed(string engine) => Path.Combine(Example, "seed", $"seed_{engine}.sql");

    /// <summary>The PostgreSQL test server; these tests never skip, they fail and say how to provide it.</summary>
    public static string PostgresAdminUrl =>
        Environment.GetEnvironmentVariable("UPSHIFT_TEST_POSTGRES") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("UPSHIFT_TEST_POSTGRES is not set: start the test server with 'scripts/test-services.sh start' and run 'eval \"$(scripts/test-services.sh env)\"' (or use ./test.sh)");

    /// <summary>The MariaDB/MySQL test server, as an account that may create databases.</summary>
    public static string MySqlAdminUrl =>
        Environment.GetEnvironmentVariable("UPSHIFT_TEST_MYSQL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("UPSHIFT_TEST_MYSQL is not set: start the test server with 'scripts/test-services.sh start' and run 'eval \"$(scripts/test-services.sh env)\"' (or use ./test.sh)");

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
