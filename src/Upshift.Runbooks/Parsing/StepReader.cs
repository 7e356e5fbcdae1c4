using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Upshift.Errors;
using Upshift.Runbooks.Steps;
using YamlDotNet.RepresentationModel;

namespace Upshift.Runbooks.Parsing;

/// <summary>
/// Reads a list of steps: the kind, the common keys (id, timeout, retry, when, idempotent, not-before), ids unique
/// across the runbook, <c>for-each</c> flattened into one step per member and child (<c>id[member]/child</c>) and the
/// <c>on-timeout</c> steps of a wait nested under it (<c>id/child</c>).
/// </summary>
internal sealed partial class StepReader(string file, Variables variables)
{
    internal static readonly string[] CommonKeys = ["id", "timeout", "retry", "when", "idempotent", "not-before"];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public IReadOnlyList<RunbookStep> ReadList(YamlNode list, string prefix) => ReadList(list, prefix, variables);

    private List<RunbookStep> ReadList(YamlNode list, string prefix, Variables scope)
    {
        if (list is not YamlSequenceNode sequence)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "steps must be a list (- one step per item)", file, (int)list.Start.Line);
        }

        var steps = new List<RunbookStep>();
        var position = 0;
        foreach (var item in sequence.Children)
        {
            position++;
            steps.AddRange(Read(item, prefix, position, scope));
        }

        return steps;
    }

    private IEnumerable<RunbookStep> Read(YamlNode item, string prefix, int position, Variables scope)
    {
        var line = (int)item.Start.Line;
        if (item is not YamlMappingNode mapping)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "a step must be a mapping such as '- exec: COMMAND'", file, line);
        }

        var keys = mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToList();
        var kinds = keys.Where(StepKinds.IsKind).ToList();
        if (kinds.Count != 1)
        {
            var unknown = keys.FirstOrDefault(k => !CommonKeys.Contains(k) && !StepKinds.IsKind(k));
            throw new UpshiftException(
                ErrorCode.BadArguments,
                kinds.Count > 1 ? $"a step has two kinds: {kinds[0]} and {kinds[1]}" : unknown is not null ? $"unknown step kind '{unknown}'" : "the step has no kind",
                file,
                line,
                "one of: " + string.Join(", ", StepKinds.Names));
        }

        var kindName = kinds[0];
        var idNode = mapping.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == "id").Value;
        var ownId = idNode is YamlScalarNode { Value: { } given } ? given : $"{kindName}-{position}";
        if (idNode is not null && !IdPattern().IsMatch(ownId))
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"the step id '{ownId}' may hold only a-z, 0-9 and -", file, (int)idNode.Start.Line);
        }

        var id = prefix + ownId;
        if (kindName == "for-each")
        {
            foreach (var step in ReadForEach(mapping, id, scope))
            {
                yield return step;
            }

            yield break;
        }

        if (!_ids.Add(id))
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"the step id '{id}' is used twice", file, line, "give every step its own id");
        }

        yield return Build(mapping, id, kindName, scope);
    }

    private RunbookStep Build(YamlMappingNode mapping, string id, string kindName, Variables scope)
    {
        var kind = StepKinds.Get(kindName);
        var whole = Node.From(file, mapping, scope);
        foreach (var (key, value) in whole.Map!)
        {
            if (key != kindName && !CommonKeys.Contains(key) && !kind.SiblingKeys.Contains(key))
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"a {kindName} step has no key '{key}'", file, value.Line, "allowed beside it: " + string.Join(", ", CommonKeys.Concat(kind.SiblingKeys)));
            }
        }

        var retry = whole["retry"];
        retry?.OnlyKeys("retry", "attempts", "delay");
        var onTimeout = OnTimeoutOf(mapping, kindName) is { } nested ? ReadList(nested, id + "/", scope) : [];
        return new RunbookStep
        {
            Id = id,
            Kind = kind,
            Body = whole[kindName]!,
            Whole = whole,
            Timeout = whole["timeout"]?.AsDuration("timeout"),
            Retry = retry is null ? RetrySpec.None : new RetrySpec(retry["attempts"]?.AsInt("attempts") ?? 3, retry["delay"]?.AsDuration("delay") ?? TimeSpan.FromSeconds(5)),
            Applies = whole["when"] is not { } when || Holds(when),
            Idempotent = whole["idempotent"]?.AsBool("idempotent") ?? kind.IdempotentByDefault,
            NotBefore = whole["not-before"]?.AsDuration("not-before"),
            Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole.Source))),
            OnTimeout = onTimeout,
        };
    }

    private IEnumerable<RunbookStep> ReadForEach(YamlMappingNode mapping, string id, Variables scope)
    {
        var body = mapping.Children.First(p => (p.Key as YamlScalarNode)?.Value == "for-each").Value as YamlMappingNode
            ?? throw new UpshiftException(ErrorCode.BadArguments, "for-each must be a mapping: { member: [a, b], steps: [...] }", file, (int)mapping.Start.Line);
        var stepsNode = body.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == "steps").Value
            ?? throw new UpshiftException(ErrorCode.BadArguments, "for-each has no steps:", file, (int)body.Start.Line);
        var loop = body.Children.Where(p => (p.Key as YamlScalarNode)?.Value != "steps").ToList();
        if (loop.Count != 1)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "for-each takes one variable and its members, e.g. { member: [a, b], steps: [...] }", file, (int)body.Start.Line);
        }

        var variable = ((YamlScalarNode)loop[0].Key).Value!;
        // Members are a list, or one value split at commas (a variable such as MEMBERS=a,b).
        var members = Node.From(file, loop[0].Value, scope).AsList(variable).Select(m => m.AsText("a member"))
            .SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var member in members)
        {
            foreach (var step in ReadList(stepsNode, $"{id}[{member}]/", scope.With(variable, member)))
            {
                yield return step;
            }
        }
    }

    private static YamlNode? OnTimeoutOf(YamlMappingNode mapping, string kindName) =>
        kindName == "wait-until" && mapping.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == kindName).Value is YamlMappingNode body
            ? body.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == "on-timeout").Value
            : null;

    private static bool Holds(Node when)
    {
        var text = when.AsText("when");
        var match = Comparison().Match(text);
        if (!match.Success)
        {
            throw when.Error($"when: '{text}' is not a comparison", "write when: ${var} == value (or !=)");
        }

        var equal = string.Equals(match.Groups["l"].Value.Trim(), match.Groups["r"].Value.Trim(), StringComparison.Ordinal);
        return match.Groups["op"].Value == "==" ? equal : !equal;
    }

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(?<l>.*?)\s*(?<op>==|!=)\s*(?<r>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Comparison();
}
