using Upshift.Providers;

namespace Upshift.Sessions;

/// <summary>Lets an <see cref="UpgradeSession"/> open PostgreSQL databases.</summary>
public static class PostgresSessionOptions
{
    /// <summary>Registers the PostgreSQL provider (see <see cref="PostgresRegistration.AddPostgres"/>).</summary>
    public static UpgradeSessionBuilder UsePostgres(this UpgradeSessionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Providers.AddPostgres();
        return builder;
    }
}
