using Spectre.Console;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.Cli.Output;

/// <summary>A live progress display for a terminal: script n of m with a bar, elapsed time and ETA.</summary>
internal sealed class TerminalProgress : IMigrationObserver
{
    private readonly ProgressContext _context;
    private readonly Redactor _redactor;
    private ProgressTask? _scripts;
    private ProgressTask? _statements;

    private TerminalProgress(ProgressContext context, Redactor redactor)
    {
        _context = context;
        _redactor = redactor;
    }

    public static Task<T> RunAsync<T>(Redactor redactor, Func<IMigrationObserver, Task<T>> work)
    {
        ProgressColumn[] columns = [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn()];
        return LiveDisplay.RunAsync(columns, context => work(new TerminalProgress(context, redactor)));
    }

    public void PlanReady(MigrationPlan plan, string target)
    {
        var text = new StringWriter();
        HumanOutput.Plan(plan, target, text);
        foreach (var line in text.ToString().Split('\n'))
        {
            AnsiConsole.WriteLine(_redactor.Redact(line.TrimEnd('\r')));
        }
    }

    public void LockWaiting(LockHolder holder) =>
        AnsiConsole.MarkupLine($"[yellow]waiting for the migration lock, held by {Markup.Escape(_redactor.Redact(holder.ToString()))}[/]");

    public void StepStarting(int index, int total, PlanStep step, int statementCount)
    {
        _scripts ??= _context.AddTask("scripts", maxValue: total);
        _scripts.Description = Markup.Escape($"[{index}/{total}] {step.Script.FileName}");
        if (statementCount > 1 && (step.Script.Directives.NoTransaction || step.ResumeFrom > 0))
        {
            _statements ??= _context.AddTask("statements", maxValue: statementCount);
            _statements.MaxValue = statementCount;
            _statements.Value = step.ResumeFrom;
            _statements.Description = "  statements";
        }
    }

    public void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount)
    {
        if (_statements is not null)
        {
            _statements.Value = statementIndex;
        }
    }

    public void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction)
    {
        _statements ??= _context.AddTask("backfill", maxValue: 1000);
        _statements.MaxValue = 1000;
        _statements.Value = Math.Round(fraction * 1000);
        _statements.Description = Markup.Escape($"  backfill: {rowsDone:N0} rows");
    }

    public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed) => _scripts?.Increment(1);

    public void StepFailed(int index, int total, PlanStep step, UpshiftException error)
    {
        if (_scripts is not null)
        {
            _scripts.Description = Markup.Escape($"[{index}/{total}] FAILED {step.Script.FileName}");
            _scripts.StopTask();
        }
    }

    public void Notice(string message) => AnsiConsole.MarkupLine(Markup.Escape(_redactor.Redact(message)));
}
