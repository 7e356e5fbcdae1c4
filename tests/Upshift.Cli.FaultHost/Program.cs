using Upshift.Cli;
using Upshift.Cli.FaultHost;

// Usage: Upshift.Cli.FaultHost POINT ARGS...: runs `upshift ARGS...` and kills the process when it reaches POINT.
if (args.Length == 0)
{
    await Console.Error.WriteLineAsync("usage: Upshift.Cli.FaultHost POINT [upshift arguments...]").ConfigureAwait(false);
    return 2;
}

return await CliApp.RunAsync(args[1..], new CliHost { Faults = new KillAt(args[0]) }).ConfigureAwait(false);
