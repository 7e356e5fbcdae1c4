using Upshift.Conformance.Copy;

namespace Upshift.Sqlite.Tests.Copy;

/// <summary>The copy scenarios between two SQLite files: no server at all.</summary>
public sealed class SqliteToSqliteCopyTests : CopyScenarioTests
{
    protected override string SourceEngine => "sqlite";

    protected override string TargetEngine => "sqlite";
}
