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

/// <summary>The names of <see cref="ScriptKind"/> values in JSON and messages.</summary>
public static class ScriptKindNames
{
    /// <summary>The kind's name in JSON and messages: <c>versioned</c>, <c>undo</c> or <c>repeatable</c>.</summary>
    public static string ToWire(this ScriptKind kind) => kind switch
    {
        ScriptKind.Versioned => "versioned",
        ScriptKind.Undo => "undo",
        ScriptKind.Repeatable => "repeatable",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
