using System.Data.Common;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Copy.Execution;

/// <summary>The two databases of a copy and their copy capabilities; opens the connections every table task uses.</summary>
internal sealed class CopySides(IDatabaseProvider source, IDatabaseProvider target)
{
    public IDatabaseProvider Source { get; } = source;

    public IDatabaseProvider Target { get; } = target;

    public ICopyProvider SourceCopy { get; } = source.Capabilities.Copy ?? throw NotCopyable(source);

    public ICopyProvider TargetCopy { get; } = target.Capabilities.Copy ?? throw NotCopyable(target);

    public Task<DbConnection> OpenSourceAsync(CancellationToken cancellationToken) => Source.OpenConnectionAsync(cancellationToken);

    /// <summary>A target connection with the engine's load settings (the copy orders tables itself).</summary>
    public async Task<DbConnection> OpenTargetAsync(CancellationToken cancellationToken)
    {
        var connection = await Target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var setting in TargetCopy.LoadSessionSetup)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = setting;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static UpshiftException NotCopyable(IDatabaseProvider provider) =>
        new(ErrorCode.Refused, $"the {provider.Engine} provider cannot copy tables ({provider.Target})");
}
