using System.Text;

namespace Upshift.Runbooks.Parsing;

/// <summary>
/// Resolves <c>${NAME}</c> the way a runbook promises, before any shell or driver sees the text: <c>--var</c> first,
/// then the environment, then the runbook's <c>vars</c> (defaults that both override); <c>$$</c> is a literal <c>$</c>. Values that look like
/// secrets (a name with PASSWORD, SECRET, TOKEN or KEY) are remembered so that output can mask them.
/// </summary>
internal sealed class Variables
{
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, string> _overrides;
    private readonly Func<string, string?> _environment;

    /// <param name="values">Defaults (the runbook's <c>vars</c>).</param>
    /// <param name="environment">The environment: overrides the defaults.</param>
    /// <param name="overrides">The operator's <c>--var</c>: overrides both.</param>
    public Variables(IReadOnlyDictionary<string, string> values, Func<string, string?> environment, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
        _overrides = new Dictionary<string, string>(overrides ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        _environment = environment;
    }

    /// <summary>Values read from a variable whose name marks it as a secret, to be masked in every output.</summary>
    public HashSet<string> Secrets { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>A copy with one more variable bound (a for-each member).</summary>
    public Variables With(string name, string value)
    {
        // The set of secrets is shared: one found inside a for-each is masked everywhere.
        var copy = new Variables(_values, _environment, _overrides) { Secrets = Secrets };
        copy._overrides[name] = value;
        return copy;
    }

    /// <summary>The text with every <c>${NAME}</c> replaced; the first name that resolves nowhere is returned as <paramref name="missing"/>.</summary>
    public string Expand(string text, out string? missing)
    {
        missing = null;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            var end = text[i + 1] == '{' ? text.IndexOf('}', i + 2) : -1;
            if (end < 0)
            {
                result.Append(text[i]);
                continue;
            }

            var name = text[(i + 2)..end];
            var value = Lookup(name);
            if (value is null)
            {
                missing ??= name;
            }
            else
            {
                result.Append(value);
            }

            i = end;
        }

        return result.ToString();
    }

    private string? Lookup(string name)
    {
        var value = _overrides.TryGetValue(name, out var given) ? given : _environment(name) ?? _values.GetValueOrDefault(name);
        if (value is not null && IsSecretName(name))
        {
            Secrets.Add(value);
        }

        return value;
    }

    private static bool IsSecretName(string name) =>
        name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || name.Contains("SECRET", StringComparison.OrdinalIgnoreCase)
        || name.Contains("TOKEN", StringComparison.OrdinalIgnoreCase) || name.EndsWith("KEY", StringComparison.OrdinalIgnoreCase)
        || name.Contains("PASS", StringComparison.OrdinalIgnoreCase);
}
