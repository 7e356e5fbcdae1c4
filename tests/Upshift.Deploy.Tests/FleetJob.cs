using k8s.Models;

namespace Upshift.Deploy.Tests;

/// <summary>
/// What every fleet Job must be, whether written by hand (deploy/kubernetes) or rendered by the chart: the
/// assertions both suites share.
/// </summary>
public static class FleetJob
{
    public const string Container = "upshift";

    /// <summary>The one Job among <paramref name="objects"/>, checked; returns it with its parsed command line.</summary>
    public static (V1Job Job, FleetCommandLine Line) Check(IReadOnlyList<object> objects, int shards, int parallel, string scripts)
    {
        var job = Assert.Single(objects.OfType<V1Job>());
        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Job", job.Kind);
        Assert.False(string.IsNullOrEmpty(job.Metadata?.Name), "the Job has no name");

        var spec = job.Spec;
        var pod = spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal(Container, container.Name);
        Assert.Null(pod.InitContainers);

        // The command line parses with the contract's flags, and its shard count is the Job's.
        var line = FleetCommandLine.Parse([.. container.Command ?? [], .. container.Args ?? []]);
        Assert.Equal("auto", line.Shard);
        Assert.Equal("Indexed", spec.CompletionMode);
        Assert.Equal(shards, spec.Completions);
        Assert.Equal(shards, spec.Parallelism);
        Assert.Equal(shards, line.Shards);
        Assert.Equal(parallel, line.Parallel);
        Assert.Equal(scripts, line.Scripts);
        Assert.True(line.Json, "--json: each pod ends with one JSON summary of its shard");
        Assert.NotNull(line.FleetState);

        // The index comes from Kubernetes: nothing may set JOB_COMPLETION_INDEX (it would give every pod one shard).
        Assert.DoesNotContain(container.Env ?? [], e => e.Name == "JOB_COMPLETION_INDEX");
        Assert.Null(container.EnvFrom);

        CheckRetries(spec);
        CheckSecurity(pod, container);
        CheckResources(container);
        CheckMounts(pod, container, line);
        CheckSecrets(container);
        return (job, line);
    }

    /// <summary>The ConfigMap the Job's targets volume names, with the key it mounts as the targets file's text.</summary>
    public static (string Name, string Key) TargetsSource(V1Job job, FleetCommandLine line)
    {
        var pod = job.Spec.Template.Spec;
        var mount = MountOf(pod.Containers[0], line.Targets);
        var volume = Assert.Single(pod.Volumes, v => v.Name == mount.Name);
        Assert.NotNull(volume.ConfigMap);
        var relative = Path.GetRelativePath(mount.MountPath, line.Targets);
        var key = volume.ConfigMap.Items is null
            ? relative
            : Assert.Single(volume.ConfigMap.Items, i => i.Path == relative).Key;
        return (volume.ConfigMap.Name, key);
    }

    /// <summary>The targets in the ConfigMap the Job mounts, with every placeholder backed by an environment variable.</summary>
    public static IReadOnlyList<(string Name, string Db)> CheckTargets(IReadOnlyList<object> objects, V1Job job, FleetCommandLine line)
    {
        var (name, key) = TargetsSource(job, line);
        var map = Assert.Single(objects.OfType<V1ConfigMap>(), c => c.Metadata.Name == name);
        Assert.True(map.Data.ContainsKey(key), $"ConfigMap {name} has no key {key}");
        var targets = Manifests.ParseTargets(map.Data[key]);
        Assert.NotEmpty(targets);
        Assert.Equal(targets.Count, targets.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());

        var env = job.Spec.Template.Spec.Containers[0].Env?.Select(e => e.Name).ToHashSet() ?? [];
        foreach (var (target, db) in targets)
        {
            foreach (var placeholder in Manifests.Placeholders(db))
            {
                Assert.True(env.Contains(placeholder), $"target {target}: ${{{placeholder}}} is not an environment variable of the container");
            }

            Assert.DoesNotMatch(@"://[^/:@]+:(?!\$\{)[^@]+@", db); // a password written out instead of a placeholder
        }

        return targets;
    }

    private static void CheckRetries(V1JobSpec spec)
    {
        // Per-index retries; with them the Job-wide backoffLimit does not apply and stays unset.
        Assert.True(spec.BackoffLimitPerIndex is >= 1, "backoffLimitPerIndex: a shard with a failed target gets retried");
        Assert.Null(spec.BackoffLimit);
        Assert.True(spec.MaxFailedIndexes is >= 1 && spec.MaxFailedIndexes <= spec.Completions, "maxFailedIndexes in 1..completions");
        Assert.True(spec.ActiveDeadlineSeconds is > 0, "activeDeadlineSeconds");
        Assert.True(spec.TtlSecondsAfterFinished is > 0, "ttlSecondsAfterFinished: finished Jobs are cleaned up, after a while to read the logs");
        Assert.Equal("Failed", spec.PodReplacementPolicy);

        // Exit 2 (bad input) is never retried; exits 1 (failed targets) are.
        var rules = spec.PodFailurePolicy?.Rules ?? [];
        var badInput = Assert.Single(rules, r => r.OnExitCodes is not null);
        Assert.Contains(badInput.Action, new[] { "FailJob", "FailIndex" });
        Assert.Equal("In", badInput.OnExitCodes.OperatorProperty);
        Assert.Equal([2], badInput.OnExitCodes.Values);
        Assert.Equal(Container, badInput.OnExitCodes.ContainerName);
        var disruption = Assert.Single(rules, r => r.OnPodConditions is not null);
        Assert.Equal("Ignore", disruption.Action);
        Assert.Equal("DisruptionTarget", Assert.Single(disruption.OnPodConditions).Type);

        // A pod failure policy needs restartPolicy Never: the Job, not the kubelet, decides about retries.
        Assert.Equal("Never", spec.Template.Spec.RestartPolicy);
    }

    private static void CheckSecurity(V1PodSpec pod, V1Container container)
    {
        Assert.False(pod.AutomountServiceAccountToken ?? true, "the pods need no Kubernetes API token");
        Assert.True(pod.SecurityContext?.RunAsNonRoot ?? false, "runAsNonRoot");
        Assert.True(pod.SecurityContext.RunAsUser is > 0, "a numeric non-root user, so runAsNonRoot can be checked");
        Assert.Equal("RuntimeDefault", container.SecurityContext?.SeccompProfile?.Type ?? pod.SecurityContext.SeccompProfile?.Type);

        var context = container.SecurityContext;
        Assert.NotNull(context);
        Assert.True(context.ReadOnlyRootFilesystem ?? false, "readOnlyRootFilesystem");
        Assert.False(context.AllowPrivilegeEscalation ?? true, "allowPrivilegeEscalation: false");
        Assert.False(context.Privileged ?? false, "privileged");
        Assert.Equal(["ALL"], context.Capabilities?.Drop);
        Assert.Null(context.Capabilities?.Add);
        Assert.NotEqual(0, context.RunAsUser ?? 1);
    }

    private static void CheckResources(V1Container container)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        Assert.NotNull(requests);
        Assert.NotNull(limits);
        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.True(requests.ContainsKey(resource), "requests." + resource);
            Assert.True(limits.ContainsKey(resource), "limits." + resource);
            Assert.True(Manifests.Amount(requests[resource]) > 0, "requests." + resource + " > 0");
            Assert.True(Manifests.Amount(requests[resource]) <= Manifests.Amount(limits[resource]), resource + ": request <= limit");
        }
    }

    private static void CheckMounts(V1PodSpec pod, V1Container container, FleetCommandLine line)
    {
        var mounts = container.VolumeMounts ?? [];
        Assert.Equal(mounts.Count, mounts.Select(m => m.MountPath).Distinct().Count());
        foreach (var mount in mounts)
        {
            Assert.Single(pod.Volumes, v => v.Name == mount.Name);
        }

        // The targets file is on a read-only ConfigMap volume.
        var targets = MountOf(container, line.Targets);
        Assert.True(targets.ReadOnlyProperty ?? false, "the targets volume is mounted read-only");
        Assert.NotNull(pod.Volumes.Single(v => v.Name == targets.Name).ConfigMap);

        // The ledger is on a writable emptyDir: the root file system is read-only.
        var state = MountOf(container, line.FleetState!);
        Assert.False(state.ReadOnlyProperty ?? false, "the fleet state volume is writable");
        Assert.NotNull(pod.Volumes.Single(v => v.Name == state.Name).EmptyDir);
        Assert.NotEqual(targets.Name, state.Name);

        // Temporary files (the runtime's, SQLite's) have a writable /tmp.
        var tmp = Assert.Single(mounts, m => m.MountPath == "/tmp");
        Assert.NotNull(pod.Volumes.Single(v => v.Name == tmp.Name).EmptyDir);

        // The scripts come from the image: no volume may hide them.
        Assert.DoesNotContain(mounts, m => line.Scripts == m.MountPath || line.Scripts.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    private static void CheckSecrets(V1Container container)
    {
        var fromSecrets = (container.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).ToList();
        Assert.NotEmpty(fromSecrets);
        foreach (var variable in fromSecrets)
        {
            var reference = variable.ValueFrom.SecretKeyRef;
            Assert.False(string.IsNullOrEmpty(reference.Name), variable.Name + ": secretKeyRef without a Secret name");
            Assert.False(string.IsNullOrEmpty(reference.Key), variable.Name + ": secretKeyRef without a key");
            Assert.NotEqual(true, reference.Optional);
        }

        // Credentials come from the Secret, never as literal values.
        Assert.DoesNotContain(container.Env ?? [], e => e.Value is not null && e.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The mount under which <paramref name="path"/> lies (the deepest one); fails when none does.</summary>
    private static V1VolumeMount MountOf(V1Container container, string path)
    {
        var mount = (container.VolumeMounts ?? [])
            .Where(m => path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.MountPath.Length);
        Assert.True(mount is not null, path + " is on no volume mount of the container");
        return mount;
    }
}
