using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Ledger;

/// <summary>A step as the ledger remembers it.</summary>
internal sealed record LedgerRow(
    string Step,
    int Position,
    string Kind,
    StepState State,
    int Attempts,
    DateTime? Started,
    DateTime? Ended,
    DateTime? Reached,
    string? Observation,
    string? Error,
    string Hash);
