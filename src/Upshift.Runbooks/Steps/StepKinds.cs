namespace Upshift.Runbooks.Steps;

/// <summary>The step kinds of RUNBOOKS.md by the key that names them.</summary>
internal static class StepKinds
{
    private static readonly Dictionary<string, IStepKind> Kinds = new IStepKind[]
    {
        new CheckStep(), new WaitUntilStep(), new SqlStep(), new ExecStep(), new BackupStep(), new RestoreStep(), new SaveFilesStep(), new RestoreFilesStep(),
        new MigrateStep(), new NoConflictingSessionsStep(), new KeepCustomObjectsStep(), new ApproveStep(), new HoldStep(), new VerifyStep(),
        new CopyStep(),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>Every kind name, <c>for-each</c> included (it is read into the steps it repeats).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Kinds.Keys.Append("for-each").Order(StringComparer.Ordinal)];

    public static bool IsKind(string key) => key == "for-each" || Kinds.ContainsKey(key);

    public static IStepKind Get(string name) => Kinds[name];
}

/// <summary>A kind that says in words what a step will do (the line printed as it starts).</summary>
internal interface IDescribedStep
{
    string Describe(RunbookStep step);
}
