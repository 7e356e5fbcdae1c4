namespace Upshift.Diagnostics;

/// <summary>
/// Named places where a test stops a run abruptly, to prove that what a killed run leaves behind is recovered. The
/// library reaches the points of the injector it is handed, and nothing else arms them: the default,
/// <see cref="FaultPoints.None"/>, does nothing, so no setting or environment variable can make a shipped program
/// stop itself. A provider names its own points with its engine's name as the prefix.
/// </summary>
public interface IFaultInjector
{
    /// <summary>The run has reached <paramref name="point"/>; an injector for tests may end the process here.</summary>
    void Reach(string point);
}

/// <summary>The fault points of the library, and the injector that ignores every point.</summary>
public static class FaultPoints
{
    /// <summary>A restore has loaded every table and is about to build the rest of the schema beside the target.</summary>
    public const string RestoreBeforeFinish = "restore-before-finish";

    /// <summary>A restore has built everything beside the target and is about to replace the target.</summary>
    public const string RestoreBeforeSwap = "restore-before-swap";

    /// <summary>The injector of every shipped run: reaching a point does nothing.</summary>
    public static IFaultInjector None { get; } = new Ignored();

    private sealed class Ignored : IFaultInjector
    {
        public void Reach(string point)
        {
        }
    }
}
