using Upshift.Conformance.Copy;

namespace Upshift.MySql.Tests.Copy;

/// <summary>The copy scenarios from MariaDB into PostgreSQL (both test servers).</summary>
public sealed class MariaDbToPostgresCopyTests : CopyScenarioTests
{
    protected override string SourceEngine => "mysql";

    protected override string TargetEngine => "postgres";
}

/// <summary>The copy scenarios from an old release's SQLite file into MariaDB.</summary>
public sealed class SqliteToMariaDbCopyTests : CopyScenarioTests
{
    protected override string SourceEngine => "sqlite";

    protected override string TargetEngine => "mysql";
}
