using System.CommandLine;
using System.Data.Common;
using Upshift.Cli.Output;
using Upshift.Errors;

namespace Upshift.Cli.Commands;

/// <summary>Runs a command body and turns every failure into the contract's one-line error and exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, CliOptions options, Func<CliContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(new CliContext(parse, options), cancellationToken, body));

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken, Func<CliContext, CancellationToken, Task<int>> body)
    {
        try
        {
            return await body(context, cancellationToken).ConfigureAwait(false);
        }
        catch (UpshiftException error)
        {
            return Report(context, error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Report(context, new UpshiftException(ErrorCode.ExecutionFailed, "cancelled", hint: "the database is at the last committed step; rerun to resume"));
        }
        catch (Exception error) when (error is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            return Report(context, new UpshiftException(ErrorCode.ExecutionFailed, Messages.Of(error), hint: "rerun with --verbose for details", inner: error));
        }
        catch (Exception error)
        {
            // A bug of ours: still one line, the documented exit code, and the trace on request.
            return Report(context, new UpshiftException(ErrorCode.ExecutionFailed, $"internal error: {error.GetType().Name}: {Messages.Of(error)}", hint: "rerun with --verbose and report the trace; the database is at the last committed step", inner: error));
        }
    }

    public static int Report(CliContext context, UpshiftException error)
    {
        if (context.Json)
        {
            JsonOutput.Failure(error, context.Redactor);
        }

        WriteError(context, error);
        return error.ExitCode;
    }

    public static void WriteError(CliContext context, UpshiftException error)
    {
        Console.Error.WriteLine(context.Redactor.Redact("error: " + error.OneLine));
        if (error.Hint is not null)
        {
            Console.Error.WriteLine(context.Redactor.Redact("hint: " + error.Hint));
        }

        if (context.Verbose)
        {
            Console.Error.WriteLine(context.Redactor.Redact((error.InnerException ?? error).ToString()));
        }
    }
}
