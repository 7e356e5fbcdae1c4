using Spectre.Console;

namespace Upshift.Cli.Output;

/// <summary>The one way the CLI opens a Spectre progress display on a terminal.</summary>
internal static class LiveDisplay
{
    /// <summary>Runs <paramref name="work"/> with a live display of <paramref name="columns"/> and returns its result; finished tasks stay on screen unless <paramref name="hideCompleted"/>.</summary>
    public static async Task<T> RunAsync<T>(ProgressColumn[] columns, Func<ProgressContext, Task<T>> work, bool hideCompleted = false)
    {
        // Start the live region on a fresh line written through Spectre, so its redraws never climb into text printed before.
        Console.Out.Flush();
        AnsiConsole.WriteLine();
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(hideCompleted)
            .Columns(columns)
            .StartAsync(work)
            .ConfigureAwait(false);
    }
}
