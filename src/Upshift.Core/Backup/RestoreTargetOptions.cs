using Upshift.Diagnostics;

namespace Upshift.Backup;

/// <summary>What a restore target is opened with, besides the provider's own settings.</summary>
public sealed record RestoreTargetOptions
{
    /// <summary>The fault points the target reaches (tests only); by default none does anything.</summary>
    public IFaultInjector Faults { get; init; } = FaultPoints.None;
}
