using Upshift.Engine;

namespace Upshift.Runbooks.Execution;

/// <summary>How a runbook is run: variables, the operator's decisions and how long a run may sleep.</summary>
public sealed record RunbookOptions
{
    /// <summary><c>--var K=V</c>: overrides the runbook's <c>vars:</c>.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Where <c>${NAME}</c> is looked up last; the process environment by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary><c>--approve ID</c>: approvals given.</summary>
    public IReadOnlySet<string> Approve { get; init; } = new HashSet<string>();

    /// <summary><c>--allow ID</c>: waits whose <c>on-timeout</c> steps may run.</summary>
    public IReadOnlySet<string> Allow { get; init; } = new HashSet<string>();

    /// <summary><c>--yes</c>: every approval given.</summary>
    public bool Yes { get; init; }

    /// <summary><c>--retry ID</c>: run an interrupted non-idempotent step again.</summary>
    public string? Retry { get; init; }

    /// <summary><c>--skip ID</c>: leave an interrupted non-idempotent step as it is and go on.</summary>
    public string? Skip { get; init; }

    /// <summary>Holds and <c>not-before</c> up to this long are slept through; longer ones pause the run (exit 5).</summary>
    public TimeSpan MaxSleep { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a second run of the same runbook waits for the first to end (then exit 4).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Asks a person at a terminal to approve; null when nobody is there to ask (the run pauses instead).</summary>
    public Func<string, CancellationToken, Task<bool>>? Confirm { get; init; }

    /// <summary>The observer of each migrate step's scripts (the CLI's progress), by component name.</summary>
    public Func<string, IMigrationObserver?>? MigrationObserver { get; init; }

    /// <summary>The secrets of this run; the runbook's own (component passwords, secret variables) are added to it, so every writer that uses it masks them.</summary>
    public Diagnostics.Redactor Redactor { get; init; } = new();

    /// <summary>Where a test stops the run abruptly (see <see cref="RunbookFaultPoints"/>); nothing in a shipped run arms it.</summary>
    public Diagnostics.IFaultInjector Faults { get; init; } = Diagnostics.FaultPoints.None;

    /// <summary>
    /// Which of many runs of the same runbook this is (a fleet's target name); null for a normal run. Its ledger rows
    /// are keyed <c>runbook@instance</c> and its lock is a file of its own, so instances never share either.
    /// </summary>
    public string? Instance { get; init; }

    /// <summary>The UTC clock, replaceable by tests of holds and not-before.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
