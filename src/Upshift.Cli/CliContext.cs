using System.CommandLine;
using Upshift.Catalog;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sessions;
using Upshift.Sources;
using Upshift.Versions;

namespace Upshift.Cli;

/// <summary>What one invocation needs, read from the parsed command line and the environment.</summary>
internal sealed class CliContext
{
    private readonly ParseResult _parse;
    private readonly CliOptions _options;

    public CliContext(ParseResult parse, CliOptions options)
    {
        _parse = parse;
        _options = options;
        Json = parse.GetValue(options.Json);
        Verbose = parse.GetValue(options.Verbose);
    }

    public bool Json { get; }

    /// <summary>The secrets of this invocation: every line the CLI writes passes through it.</summary>
    public Redactor Redactor { get; } = new();

    /// <summary>The providers the CLI knows; the engine words of the naming contract come with them.</summary>
    public ProviderRegistry Registry { get; } = new ProviderRegistry().AddSqlite().AddPostgres().AddMySql();

    public bool Verbose { get; }

    public CliHost Host => _options.Host;

    /// <summary>True when a live display fits: a terminal on stdout and no JSON.</summary>
    public bool Interactive => !Json && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    public T? Value<T>(Option<T> option) => _parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => _parse.GetValue(argument);

    /// <summary>True when <c>--db</c> was given on the command line.</summary>
    public bool HasDatabase => _parse.GetValue(_options.Db) is not null;

    public HistoryTable HistoryTable => _parse.GetValue(_options.HistoryTable) is { Length: > 0 } table ? HistoryTable.Parse(table) : HistoryTable.Default;

    public IDatabaseProvider CreateProvider() =>
        Registry.Create(_parse.GetValue(_options.Db) ?? Environment.GetEnvironmentVariable("UPSHIFT_DB"), _parse.GetValue(_options.Provider), new ProviderSettings(HistoryTable, Redactor));

    public UpgradeOptions UpgradeOptions(bool needScripts = true)
    {
        var scripts = _parse.GetValue(_options.Scripts) ?? Environment.GetEnvironmentVariable("UPSHIFT_SCRIPTS");
        if (needScripts && string.IsNullOrWhiteSpace(scripts))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "no scripts folder given", hint: "pass --scripts DIR or set UPSHIFT_SCRIPTS");
        }

        var lockTimeout = _parse.GetValue(_options.LockTimeout);
        if (lockTimeout is < 0)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--lock-timeout must be zero or more seconds");
        }

        var phase = _parse.GetValue(_options.Phase) switch
        {
            null => (MigrationPhase?)null,
            var text when Enum.TryParse<MigrationPhase>(text, ignoreCase: true, out var parsed) && !text.All(char.IsAsciiDigit) => parsed,
            var text => throw new UpshiftException(ErrorCode.BadArguments, $"--phase '{text}' is not a phase", hint: "use --phase expand, backfill or contract"),
        };
        var statementLockTimeout = _parse.GetValue(_options.StatementLockTimeout) ?? 5;
        var retries = _parse.GetValue(_options.Retries) ?? 5;
        var quiet = _parse.GetValue(_options.WaitForQuiet) ?? 0;
        if (statementLockTimeout < 0 || retries < 0 || quiet < 0)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--statement-lock-timeout, --retries and --wait-for-quiet must be zero or more");
        }

        return new UpgradeOptions
        {
            Phase = phase,
            StatementLockTimeout = TimeSpan.FromSeconds(statementLockTimeout),
            Retries = retries,
            WaitForQuiet = TimeSpan.FromSeconds(quiet),
            Scripts = ScriptSources.Folder(scripts ?? "."),
            EngineWords = Registry,
            Ignore = [.. (_parse.GetValue(_options.Ignore) ?? []).Select(g => new Glob(g))],
            HistoryTable = HistoryTable,
            Target = ParseVersion(_parse.GetValue(_options.Target), "--target"),
            OutOfOrder = _parse.GetValue(_options.OutOfOrder),
            LockTimeout = lockTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(10),
            VersionQuery = _parse.GetValue(_options.VersionQuery) is { Length: > 0 } query ? query : null,
        };
    }

    /// <summary>A session over <c>--db</c> with this invocation's options; it owns (and disposes) its provider.</summary>
    public UpgradeSession OpenSession(IMigrationObserver? observer = null, bool needScripts = true)
    {
        var options = UpgradeOptions(needScripts);
        return UpgradeSession.Open(CreateProvider(), options, observer);
    }

    public static SchemaVersion? ParseVersion(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return SchemaVersion.TryParse(text, out var version)
            ? version
            : throw new UpshiftException(ErrorCode.BadArguments, $"{option} '{text}' is not a version", hint: "versions are numbers separated by '.' or '_', e.g. 8.1.100.29");
    }
}
