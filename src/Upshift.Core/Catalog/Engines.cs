namespace Upshift.Catalog;

/// <summary>Canonical engine names and the aliases that script names may use.</summary>
public static class Engines
{
    public const string Postgres = "postgres";
    public const string Sqlite = "sqlite";
    public const string MySql = "mysql";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["postgres"] = Postgres,
        ["postgre"] = Postgres,
        ["postgresql"] = Postgres,
        ["pg"] = Postgres,
        ["sqlite"] = Sqlite,
        ["mysql"] = MySql,
        ["mariadb"] = MySql,
        ["mssql"] = "mssql",
        ["ora"] = "ora",
        ["db2"] = "db2",
    };

    /// <summary>The canonical name for an alias, or null when the word names no engine.</summary>
    public static string? Canonical(string alias) => Aliases.GetValueOrDefault(alias);
}
