using k8s;
using k8s.Models;

namespace Upshift.Deploy.Tests;

/// <summary>deploy/helm/upshift rendered by <c>helm template</c> and loaded with the client models.</summary>
public class ChartRenderTests
{
    [Fact]
    public void Lint_passes_in_strict_mode()
    {
        var (code, stdout, stderr) = Helm.Run("lint", "--strict", Repository.Chart);
        Assert.True(code == 0, stdout + stderr);
    }

    [Fact]
    public void The_defaults_render_a_fleet_job_and_its_targets_config_map()
    {
        var objects = Manifests.Load(Helm.Template());
        Assert.Equal(2, objects.Count);
        var (job, line) = FleetJob.Check(objects, shards: 4, parallel: 4, scripts: "/scripts");
        Assert.Equal("fleet-upshift", job.Metadata.Name);
        Assert.Equal(2, job.Spec.MaxFailedIndexes);
        Assert.Equal("registry.example.com/acme/app-upshift:2024.6.0", job.Spec.Template.Spec.Containers[0].Image);

        var targets = FleetJob.CheckTargets(objects, job, line);
        Assert.Equal(ChartValues.Load().Targets, targets);
        Assert.Equal(("fleet-upshift-targets", "targets.yaml"), FleetJob.TargetsSource(job, line));

        var password = Assert.Single(job.Spec.Template.Spec.Containers[0].Env);
        Assert.Equal("PG_PASSWORD", password.Name);
        Assert.Equal("upshift-fleet-credentials", password.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("PG_PASSWORD", password.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Five_shards_of_eight_with_an_existing_config_map_render_no_config_map()
    {
        var objects = Manifests.Load(Helm.Template("""
            shards: 5
            parallelPerPod: 8
            existingConfigMap: tenants-fleet
            existingConfigMapKey: fleet.yaml
            """));
        var (job, line) = FleetJob.Check(objects, shards: 5, parallel: 8, scripts: "/scripts");
        Assert.Empty(objects.OfType<V1ConfigMap>());
        Assert.Equal(("tenants-fleet", "fleet.yaml"), FleetJob.TargetsSource(job, line));
        Assert.Equal("/etc/upshift/targets.yaml", line.Targets);
        Assert.Equal(3, job.Spec.MaxFailedIndexes); // half of 5, rounded up
    }

    [Fact]
    public void Targets_credentials_and_extra_arguments_are_rendered_as_given()
    {
        var objects = Manifests.Load(Helm.Template("""
            shards: 2
            parallelPerPod: 1
            scriptsPath: /release/sql
            maxFailedIndexes: 1
            secretName: tenants-db
            secretKeys: [PG_PASSWORD, MYSQL_PASSWORD]
            extraArgs: [--canary, 2, --max-failures, "10%"]
            targets:
              - { name: eu-1, db: "postgres://migrator:${PG_PASSWORD}@pg1,pg2:5432/app?sslmode=require&application_name=up{shift}" }
              - { name: "us 2", db: "mysql://migrator:${MYSQL_PASSWORD}@my-1:3306/app" }
            """));
        var (job, line) = FleetJob.Check(objects, shards: 2, parallel: 1, scripts: "/release/sql");
        Assert.Equal(2, line.Canary);
        Assert.Equal("10%", line.MaxFailures);
        Assert.Equal(1, job.Spec.MaxFailedIndexes);

        var targets = FleetJob.CheckTargets(objects, job, line);
        Assert.Equal(
            [("eu-1", "postgres://migrator:${PG_PASSWORD}@pg1,pg2:5432/app?sslmode=require&application_name=up{shift}"),
             ("us 2", "mysql://migrator:${MYSQL_PASSWORD}@my-1:3306/app")],
            targets);
        var env = job.Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(["PG_PASSWORD", "MYSQL_PASSWORD"], env.Select(e => e.Name));
        Assert.All(env, e => Assert.Equal("tenants-db", e.ValueFrom.SecretKeyRef.Name));
    }

    [Fact]
    public void The_default_job_is_the_plain_manifests_job_but_for_names_and_labels()
    {
        var rendered = Manifests.Load(Helm.Template()).OfType<V1Job>().Single().Spec;
        var plain = Manifests.LoadFolder(Repository.Kubernetes).OfType<V1Job>().Single().Spec;

        // Names differ (release name); everything the pods do must not.
        foreach (var spec in new[] { rendered, plain })
        {
            spec.Template.Metadata = null;
            spec.Template.Spec.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name = "targets";
        }

        Assert.Equal(KubernetesJson.Serialize(plain), KubernetesJson.Serialize(rendered));
    }

    [Theory]
    [InlineData("shards: 0", "minimum")]
    [InlineData("parallel: 8", "parallel")]
    [InlineData("parallelPerPod: eight", "parallelPerPod")]
    [InlineData("image: { repository: x, tag: \"1\", pullPolicy: Sometimes }", "pullPolicy")]
    [InlineData("maxFailedIndexes: 9", "must not exceed shards")]
    [InlineData("extraArgs: [--shards, \"3\"]", "--shards is set by the chart")]
    [InlineData("extraArgs: [--fleet-state=/tmp/x.db]", "--fleet-state is set by the chart")]
    [InlineData("targets: []", "targets is empty")]
    [InlineData("targets: [{ name: a, db: \"sqlite:/tmp/a.db\" }, { name: a, db: \"sqlite:/tmp/b.db\" }]", "appears twice")]
    [InlineData("targets: [{ name: a }]", "db")]
    [InlineData("secretKeys: [pg-password]", "secretKeys")]
    [InlineData("scriptsPath: scripts", "scriptsPath")]
    public void Bad_values_are_refused_with_a_reason(string values, string reason)
    {
        var (code, _, stderr) = Helm.TryTemplate(values);
        Assert.NotEqual(0, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }
}
