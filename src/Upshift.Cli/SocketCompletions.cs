using System.CommandLine;
using System.CommandLine.Parsing;

namespace Upshift.Cli;

/// <summary>
/// Lets the runtime run the continuation of a socket read on its socket event thread instead of handing it to a
/// thread-pool worker. A migration is one round trip after another on one connection, and with the hand-over
/// every reply first had to wake a sleeping worker (the tool keeps idle workers from spinning, see
/// Upshift.Cli.csproj): about 50 µs per round trip on the benchmark machine, and applying 1,000 small scripts
/// takes 3,000 round trips (bench/README.md). The runtime reads the switch once, when the first socket is
/// created, so it is set after parsing and before any command runs.
/// <para>
/// Only for the commands that talk to the database over one connection and only asynchronously: a synchronous
/// socket call made on the event thread would wait for that very thread. Backup and restore (also
/// <c>migrate --backup</c>) copy over several connections at once and compress on the way, work that must not
/// hold up the one thread that serves every socket, so they keep the runtime's default.
/// </para>
/// </summary>
internal static class SocketCompletions
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static readonly HashSet<string> SingleConnectionCommands = ["migrate", "status", "plan", "validate", "baseline", "repair", "exec", "rollback"];

    public static void InlineFor(ParseResult parse)
    {
        var command = parse.CommandResult;
        if (!SingleConnectionCommands.Contains(command.Command.Name)
            || command.Children.OfType<OptionResult>().Any(o => o.Option.Name == "--backup")
            || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        Environment.SetEnvironmentVariable(Variable, "1");
    }
}
