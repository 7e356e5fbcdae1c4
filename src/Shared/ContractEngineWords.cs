namespace Upshift.Providers;

/// <summary>
/// The engine words of the script naming contract (<c>Upgrade_&lt;version&gt;_&lt;engine&gt;.sql</c>,
/// <c>V3__idx.&lt;engine&gt;.sql</c>). Compiled into every provider package of this repository, because Core names no
/// engine: whichever one provider an application registers, the scripts written for the others are recognised and
/// skipped. See <see cref="ProviderRegistry"/>.
/// </summary>
internal static class ContractEngineWords
{
    public static ProviderRegistry AddContractEngineWords(this ProviderRegistry registry) =>
        registry
            .AddEngineWords("postgres", "postgre", "postgresql", "pg")
            .AddEngineWords("sqlite")
            .AddEngineWords("mysql", "mariadb")
            .AddEngineWords("mssql")
            .AddEngineWords("ora")
            .AddEngineWords("db2");
}
