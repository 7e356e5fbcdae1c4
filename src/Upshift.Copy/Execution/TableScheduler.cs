namespace Upshift.Copy.Execution;

/// <summary>
/// Runs one task per table, <c>jobs</c> at a time, largest first among those ready; with <c>respectOrder</c> a table
/// starts only after every table it depends on has finished. The first failure cancels the others and is rethrown.
/// Results come back in the plan's order.
/// </summary>
internal static class TableScheduler
{
    public static async Task<IReadOnlyList<T>> RunAsync<T>(IReadOnlyList<TableShape> shapes, int jobs, bool respectOrder, Func<TableShape, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = new T[shapes.Count];
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = Enumerable.Range(0, shapes.Count).ToList();
        var running = new Dictionary<Task<T>, int>();
        Exception? failure = null;
        while (pending.Count > 0 || running.Count > 0)
        {
            while (failure is null && running.Count < jobs && Next(shapes, pending, done, respectOrder, running.Count == 0) is { } index)
            {
                pending.Remove(index);
                running[work(shapes[index], failed.Token)] = index;
            }

            var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var position = running[finished];
            running.Remove(finished);
            try
            {
                results[position] = await finished.ConfigureAwait(false);
                done.Add(shapes[position].Plan.Target.Name);
            }
            catch (Exception e) when (failure is null)
            {
                failure = e;
                pending.Clear();
                await failed.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Tables cancelled after the first failure: that failure is the one reported.
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return results;
    }

    private static int? Next(IReadOnlyList<TableShape> shapes, List<int> pending, HashSet<string> done, bool respectOrder, bool idle)
    {
        var ready = pending.Where(i => !respectOrder || shapes[i].Plan.DependsOn.All(done.Contains)).ToList();
        if (ready.Count == 0)
        {
            // Only reachable through a dependency the plan did not break; never wait forever.
            return idle && pending.Count > 0 ? pending[0] : null;
        }

        return ready.OrderByDescending(i => shapes[i].Plan.Source.EstimatedBytes).ThenBy(i => i).First();
    }
}
