using Upshift.Providers;

namespace Upshift.Sessions;

/// <summary>Lets an <see cref="UpgradeSession"/> open SQLite databases.</summary>
public static class SqliteSessionOptions
{
    /// <summary>Registers the SQLite provider (see <see cref="SqliteRegistration.AddSqlite"/>).</summary>
    public static UpgradeSessionBuilder UseSqlite(this UpgradeSessionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Providers.AddSqlite();
        return builder;
    }
}
