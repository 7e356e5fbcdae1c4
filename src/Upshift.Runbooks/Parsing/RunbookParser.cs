using System.Security.Cryptography;
using System.Text;
using Upshift.Errors;
using Upshift.Runbooks.Steps;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Upshift.Runbooks.Parsing;

/// <summary>
/// Reads a runbook file (RUNBOOKS.md) into a <see cref="Runbook"/>: every variable resolved, every step's shape and
/// reference checked. Anything wrong is one exit-2 error naming the file and line, before a single step runs.
/// </summary>
internal static class RunbookParser
{
    internal static readonly string[] TopKeys = ["runbook", "state", "vars", "components", "steps", "rollback"];
    internal static readonly string[] ComponentKeys = ["db", "scripts", "releases", "version-query", "history-table", "after", "requires"];

    public static Runbook Load(string path, IReadOnlyDictionary<string, string> overrides, Func<string, string?> environment)
    {
        var file = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read the runbook: {Messages.Of(e)}", path);
        }

        var root = ReadYaml(path, bytes);
        var mapping = (YamlMappingNode)root;
        var raw = mapping.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? string.Empty, p => p.Value);
        foreach (var (key, value) in mapping.Children)
        {
            var keyName = ((YamlScalarNode)key).Value ?? string.Empty;
            if (!TopKeys.Contains(keyName))
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"a runbook has no key '{keyName}'", path, (int)key.Start.Line, "allowed: " + string.Join(", ", TopKeys));
            }
        }

        var variables = ReadVariables(path, raw, overrides, environment);
        var name = raw.TryGetValue("runbook", out var nameNode) ? Node.From(path, nameNode, variables).AsText("runbook") : throw new UpshiftException(ErrorCode.BadArguments, "the runbook has no name (runbook: NAME)", path, 1);
        var folder = Path.GetDirectoryName(file)!;
        var state = raw.TryGetValue("state", out var stateNode) ? Node.From(path, stateNode, variables).AsText("state") : null;
        var statePath = state is null
            ? Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + ".state.db")
            : Path.GetFullPath(Path.Combine(folder, state.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? state["sqlite:".Length..] : state));
        var components = raw.TryGetValue("components", out var componentsNode) ? ReadComponents(Node.From(path, componentsNode, variables)) : new Dictionary<string, RunbookComponent>();
        var steps = raw.TryGetValue("steps", out var stepsNode) ? stepsNode : throw new UpshiftException(ErrorCode.BadArguments, "the runbook has no steps", path, 1);
        var reader = new StepReader(path, variables);
        var forward = reader.ReadList(steps, prefix: string.Empty);
        var rollback = raw.TryGetValue("rollback", out var rollbackNode) ? reader.ReadList(rollbackNode, prefix: "rollback/") : [];
        var runbook = new Runbook
        {
            Name = name,
            File = path,
            Folder = folder,
            StatePath = statePath,
            Checksum = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Components = components,
            Steps = forward,
            Rollback = rollback,
            Secrets = variables.Secrets,
        };
        foreach (var step in Flatten(forward).Concat(Flatten(rollback)))
        {
            step.Kind.Validate(step, runbook);
        }

        return runbook;
    }

    /// <summary>Every step with its <c>on-timeout</c> steps after it, as the ledger lists them.</summary>
    public static IEnumerable<RunbookStep> Flatten(IEnumerable<RunbookStep> steps)
    {
        foreach (var step in steps)
        {
            yield return step;
            foreach (var nested in Flatten(step.OnTimeout))
            {
                yield return nested;
            }
        }
    }

    private static YamlNode ReadYaml(string path, byte[] bytes)
    {
        var stream = new YamlStream();
        var text = string.Empty;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // A construct left open is noticed at the end of the file, one line past the last; name the last line.
            var lines = text.TrimEnd('\n').Split('\n').Length;
            throw new UpshiftException(ErrorCode.BadArguments, "malformed YAML: " + Messages.OneLine(e.InnerException?.Message ?? e.Message).Split(": ").Last(), path, (int)Math.Min(e.Start.Line, lines));
        }
        catch (DecoderFallbackException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "the runbook is not UTF-8 text", path);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "a runbook is one YAML mapping with runbook:, components: and steps:", path, 1);
        }

        return root;
    }

    private static Variables ReadVariables(string path, Dictionary<string, YamlNode> raw, IReadOnlyDictionary<string, string> overrides, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (raw.TryGetValue("vars", out var varsNode))
        {
            // A default may itself use the environment (${HOME}); never another default, so the order does not matter.
            var environmentOnly = new Variables(new Dictionary<string, string>(), environment);
            foreach (var (key, value) in Node.From(path, varsNode, environmentOnly).AsMap("vars"))
            {
                values[key] = value.AsText($"the variable {key}");
            }
        }

        return new Variables(values, environment, overrides);
    }

    private static Dictionary<string, RunbookComponent> ReadComponents(Node node)
    {
        var components = new Dictionary<string, RunbookComponent>(StringComparer.Ordinal);
        foreach (var (name, body) in node.AsMap("components"))
        {
            body.OnlyKeys($"component {name}", ComponentKeys);
            var db = body["db"]?.AsText("db") ?? throw body.Error($"component {name} has no db: URL");
            var releases = body["releases"]?.AsList("releases").Select(r => r.AsText("a release folder")).ToList() ?? [];
            if (body["scripts"] is not null && releases.Count > 0)
            {
                throw body.Error($"component {name} has both scripts: and releases:", "give one folder with scripts:, or the release folders in order with releases:");
            }

            var requires = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (other, range) in body["requires"]?.AsMap("requires") ?? [])
            {
                _ = VersionRange.TryParse(range.AsText("a version window")) ?? throw range.Error($"'{range.Scalar}' is not a version window", "write it like \">= 8.1.500\" or \">= 7.0 < 9\"");
                requires[other] = range.Scalar!;
            }

            components[name] = new RunbookComponent(
                name, body.Line, db, body["scripts"]?.AsText("scripts"), releases, body["version-query"]?.AsText("version-query"), body["history-table"]?.AsText("history-table"),
                body["after"]?.AsList("after").Select(a => a.AsText("after")).ToList() ?? [], requires);
        }

        foreach (var component in components.Values)
        {
            foreach (var other in component.After.Concat(component.Requires.Keys))
            {
                if (!components.ContainsKey(other))
                {
                    throw new UpshiftException(ErrorCode.BadArguments, $"component {component.Name} names an unknown component '{other}'", node.File, component.Line);
                }
            }
        }

        RejectCycles(node.File, components);
        return components;
    }

    private static void RejectCycles(string file, Dictionary<string, RunbookComponent> components)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        void Visit(RunbookComponent component)
        {
            if (path.Contains(component.Name))
            {
                var cycle = path.SkipWhile(p => p != component.Name).Append(component.Name);
                throw new UpshiftException(ErrorCode.BadArguments, "the components' after: lists make a cycle: " + string.Join(" -> ", cycle), file, component.Line, "migrate order must be a line, not a circle");
            }

            if (!done.Add(component.Name))
            {
                return;
            }

            path.Add(component.Name);
            foreach (var before in component.After)
            {
                Visit(components[before]);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var component in components.Values)
        {
            Visit(component);
        }
    }
}
