using System.Diagnostics;
using k8s.Models;

namespace Upshift.Deploy.Tests;

/// <summary>The commands of deploy/README.md that turn the manifest into something else still do so.</summary>
public class ReadmeTests
{
    [Fact]
    public void The_rerun_of_failed_indexes_makes_one_job_per_shard_with_an_explicit_shard()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "README.md"));
        var start = readme.IndexOf("\nn=4\n", StringComparison.Ordinal);
        var end = readme.IndexOf("\ndone\n", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the rerun loop (n=4 ... done) is not in deploy/README.md");
        var script = readme[start..(end + "\ndone\n".Length)]
            .Replace("kubectl -n tenants apply -f -", "{ echo ---; cat; }", StringComparison.Ordinal);
        Assert.Contains("{ echo ---; cat; }", script, StringComparison.Ordinal);

        var info = new ProcessStartInfo("bash") { WorkingDirectory = Repository.Root, RedirectStandardInput = true, RedirectStandardOutput = true };
        using var bash = Process.Start(info)!;
        bash.StandardInput.Write(script);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);

        var jobs = Manifests.Load(output).Cast<V1Job>().ToList();
        Assert.Equal(["upshift-fleet-shard-1", "upshift-fleet-shard-3"], jobs.Select(j => j.Metadata.Name));
        foreach (var (job, index) in jobs.Zip(new[] { 1, 3 }))
        {
            Assert.Equal(1, job.Spec.Completions);
            Assert.Equal(1, job.Spec.Parallelism);
            Assert.Equal(1, job.Spec.MaxFailedIndexes);
            var container = job.Spec.Template.Spec.Containers[0];
            var line = FleetCommandLine.Parse([.. container.Command, .. container.Args]);
            Assert.Equal($"{index}/4", line.Shard);
            Assert.Null(line.Shards);
            Assert.Equal("/state/fleet.db", line.FleetState);
        }
    }
}
