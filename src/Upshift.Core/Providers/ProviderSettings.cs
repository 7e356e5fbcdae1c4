using Upshift.Diagnostics;
using Upshift.History;

namespace Upshift.Providers;

/// <summary>What a provider needs from the session that creates it.</summary>
/// <param name="HistoryTable">The history table; providers scope their migration lock to it.</param>
/// <param name="Redactor">The session's secrets: a provider registers every password of its address here before it parses the address.</param>
public sealed record ProviderSettings(HistoryTable HistoryTable, Redactor Redactor);
