using System.Diagnostics;

namespace Upshift.Deploy.Tests;

/// <summary>
/// The helm binary the chart tests run: $UPSHIFT_HELM, else the one deploy/helm/get-helm.sh puts at
/// .work/tools/helm, else helm on PATH. These tests never skip: without helm they fail and say how to get it.
/// </summary>
public static class Helm
{
    private static readonly Lazy<string> Binary = new(Find);

    /// <summary>Runs helm; returns its exit code, standard output and standard error.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Binary.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Keep helm away from the user's repositories, plugins and caches.
        var home = Path.Combine(Path.GetTempPath(), "upshift-deploy-tests-helm");
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("helm " + string.Join(' ', args) + " ran for more than 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary><c>helm template</c> of the chart with a values file (YAML text); fails the test when helm fails.</summary>
    public static string Template(string? values = null)
    {
        var (code, stdout, stderr) = TryTemplate(values);
        Assert.True(code == 0, "helm template failed: " + stderr);
        return stdout;
    }

    public static (int Code, string Out, string Err) TryTemplate(string? values)
    {
        // The oldest Kubernetes the chart supports (per-index retries are 1.29+).
        var args = new List<string> { "template", "fleet", Repository.Chart, "--namespace", "tenants", "--kube-version", "1.29.0" };
        string? file = null;
        if (values is not null)
        {
            file = Path.Combine(Path.GetTempPath(), $"upshift-values-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(file, values);
            args.AddRange(["--values", file]);
        }

        try
        {
            return Run([.. args]);
        }
        finally
        {
            if (file is not null)
            {
                File.Delete(file);
            }
        }
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("UPSHIFT_HELM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException("UPSHIFT_HELM names no file: " + configured);
        }

        var fetched = Path.Combine(Repository.Root, ".work", "tools", "helm");
        if (File.Exists(fetched))
        {
            return fetched;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "helm");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("helm not found: run deploy/helm/get-helm.sh (puts it at .work/tools/helm), put helm on PATH or set UPSHIFT_HELM");
    }
}
