using Upshift.Conformance.Copy;

namespace Upshift.Postgres.Tests.Copy;

/// <summary>The copy scenarios from an old release's SQLite file into PostgreSQL.</summary>
public sealed class SqliteToPostgresCopyTests : CopyScenarioTests
{
    protected override string SourceEngine => "sqlite";

    protected override string TargetEngine => "postgres";
}

/// <summary>The copy scenarios from one PostgreSQL database into another.</summary>
public sealed class PostgresToPostgresCopyTests : CopyScenarioTests
{
    protected override string SourceEngine => "postgres";

    protected override string TargetEngine => "postgres";
}
