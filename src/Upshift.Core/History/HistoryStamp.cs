namespace Upshift.History;

/// <summary>What <see cref="Providers.IHistoryDialect.StampAsync"/> tells about the history table in one round trip.</summary>
/// <param name="Exists">Whether the table exists.</param>
/// <param name="Value">
/// A text that changes whenever any connection, this one included, inserts, updates or deletes a row of the table or
/// changes the table itself: while it is equal, the rows are those read the last time, and a session does not read
/// them again. Null when the engine cannot tell cheaply: the rows are read every time.
/// </param>
public readonly record struct HistoryStamp(bool Exists, string? Value);
