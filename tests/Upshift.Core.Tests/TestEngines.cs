using Upshift.Providers;

namespace Upshift.Tests;

/// <summary>The engine words the CLI knows: those of the three providers, which declare the naming contract's words.</summary>
internal static class TestEngines
{
    public static ProviderRegistry Words { get; } = new ProviderRegistry().AddSqlite().AddPostgres().AddMySql();
}
