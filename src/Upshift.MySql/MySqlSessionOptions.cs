using Upshift.Providers;

namespace Upshift.Sessions;

/// <summary>Lets an <see cref="UpgradeSession"/> open MySQL and MariaDB databases.</summary>
public static class MySqlSessionOptions
{
    /// <summary>Registers the MySQL and MariaDB provider (see <see cref="MySqlRegistration.AddMySql"/>).</summary>
    public static UpgradeSessionBuilder UseMySql(this UpgradeSessionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Providers.AddMySql();
        return builder;
    }
}
