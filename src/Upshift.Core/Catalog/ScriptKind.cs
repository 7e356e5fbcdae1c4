namespace Upshift.Catalog;

/// <summary>What a script file is, from its name.</summary>
public enum ScriptKind
{
    /// <summary><c>V&lt;version&gt;__x.sql</c> or <c>Upgrade_&lt;version&gt;_&lt;engine&gt;.sql</c>: applied once, in version order.</summary>
    Versioned,
    /// <summary><c>U&lt;version&gt;__x.sql</c>: reverts its version, used by rollback.</summary>
    Undo,
    /// <summary><c>R__x.sql</c>: re-applied whenever its checksum changes.</summary>
    Repeatable,
}

public static class ScriptKindNames
{
    public static string ToWire(this ScriptKind kind) => kind switch
    {
        ScriptKind.Versioned => "versioned",
        ScriptKind.Undo => "undo",
        ScriptKind.Repeatable => "repeatable",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
