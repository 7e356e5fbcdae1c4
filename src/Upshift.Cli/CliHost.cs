using Upshift.Diagnostics;

namespace Upshift.Cli;

/// <summary>What the program that runs the CLI provides to it. The shipped <c>upshift</c> program uses the defaults.</summary>
public sealed record CliHost
{
    /// <summary>The fault points restores reach; only a test host arms them.</summary>
    public IFaultInjector Faults { get; init; } = FaultPoints.None;
}
