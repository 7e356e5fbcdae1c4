using k8s.Models;

namespace Upshift.Deploy.Tests;

/// <summary>deploy/kubernetes: the Indexed Job and the example targets ConfigMap, loaded with the client models.</summary>
public class PlainManifestTests
{
    private static readonly IReadOnlyList<object> Objects = Manifests.LoadFolder(Repository.Kubernetes);

    private static string JobText => File.ReadAllText(Path.Combine(Repository.Kubernetes, "fleet-job.yaml"));

    [Fact]
    public void The_folder_holds_the_job_and_the_targets_config_map_and_nothing_else()
    {
        Assert.Equal(2, Objects.Count);
        Assert.Single(Objects.OfType<V1Job>());
        Assert.Single(Objects.OfType<V1ConfigMap>());
    }

    [Fact]
    public void The_job_is_a_fleet_job_of_its_shard_count()
    {
        var shards = Objects.OfType<V1Job>().Single().Spec.Completions!.Value;
        var (_, line) = FleetJob.Check(Objects, shards, parallel: 4, scripts: "/scripts");
        Assert.Equal("/etc/upshift/targets.yaml", line.Targets);
        Assert.Equal("/state/fleet.db", line.FleetState);
    }

    [Fact]
    public void The_shard_count_is_marked_where_it_is_written_and_the_marks_agree()
    {
        // The header names the three places; each carries "# SHARDS" and the same number as completions.
        var shards = Objects.OfType<V1Job>().Single().Spec.Completions!.Value;
        var marked = JobText.Split('\n').Where(l => l.TrimEnd().EndsWith("# SHARDS", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, marked.Count);
        Assert.All(marked, l => Assert.Matches($@"(:|-)\s+""?{shards}""?\s+# SHARDS$", l.TrimEnd()));
        Assert.Contains($"SHARDS = {shards}.", JobText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_targets_are_the_contract_form_with_credentials_from_the_secret()
    {
        var job = Objects.OfType<V1Job>().Single();
        var (_, line) = FleetJob.Check(Objects, job.Spec.Completions!.Value, 4, "/scripts");
        var targets = FleetJob.CheckTargets(Objects, job, line);
        Assert.True(targets.Count > job.Spec.Completions, "the example fleet has more targets than shards");
        Assert.All(targets, t => Assert.Contains("${PG_PASSWORD}", t.Db, StringComparison.Ordinal));

        var password = Assert.Single(job.Spec.Template.Spec.Containers[0].Env, e => e.Name == "PG_PASSWORD");
        Assert.Equal("upshift-fleet-credentials", password.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("PG_PASSWORD", password.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void The_loader_is_strict_so_a_misspelt_field_fails_these_tests()
    {
        var misspelt = JobText.Replace("completionMode: Indexed", "completionMod: Indexed", StringComparison.Ordinal);
        Assert.NotEqual(JobText, misspelt);
        Assert.ThrowsAny<Exception>(() => Manifests.Load(misspelt));
    }

    [Theory]
    [InlineData("- --json", "- --jsn")]
    [InlineData("- --shards\n            - \"4\" # SHARDS", "- --shards\n            - four")]
    [InlineData("- --shard\n            - auto", "- --shard\n            - \"0\"")]
    public void A_command_line_off_the_contract_fails_these_tests(string from, string to)
    {
        var broken = JobText.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(JobText, broken);
        var objects = Manifests.Load(broken);
        Assert.ThrowsAny<Exception>(() => FleetJob.Check(objects, 4, 4, "/scripts"));
    }
}
