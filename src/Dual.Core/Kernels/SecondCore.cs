using System.Runtime.ExceptionServices;

namespace Dual.Kernels;

/// <summary>
/// Runs numbered tasks on the calling thread and one long-lived helper thread that stays awake
/// (polling for about 0.65 ms) between calls, as BLAS libraries keep their threads. A thread-pool worker
/// woken per product arrived 0.5–4 ms late on this project's 2-core VM, so one core did most of
/// the work; the helper is usually already waiting. Tasks are claimed one at a time from a shared
/// counter, so whichever thread is free takes the next one. One caller at a time uses the helper;
/// a concurrent caller runs its tasks itself.
/// </summary>
internal static class SecondCore
{
    private const int SpinIterations = 20_000; // about 0.65 ms of polling before the helper sleeps (measured here)

    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static Work? s_work;
    private static int s_sleeping;
    private static Thread? s_thread;

    // Set on the helper thread, and on a caller while its call runs: a task that itself calls For runs its
    // tasks inline instead of replacing the work in flight.
    [ThreadStatic] private static bool t_inside;

    /// <summary>Runs <paramref name="body"/>(0 … count − 1), each exactly once, on this thread and the helper.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 0) return;
        if (count == 1 || Environment.ProcessorCount < 2 || t_inside || !Gate.TryEnter())
        {
            RunHere(count, body);
            return;
        }
        t_inside = true;
        try
        {
            s_thread ??= Start();
            var work = new Work(count, body);
            Volatile.Write(ref s_work, work);
            if (Interlocked.Exchange(ref s_sleeping, 0) == 1) Wake.Release();
            work.Drain();
            // The helper may still be finishing the task it claimed last.
            var wait = new SpinWait();
            while (Volatile.Read(ref work.Done) < count) wait.SpinOnce(sleep1Threshold: -1);
            Volatile.Write(ref s_work, null);
            if (work.Error is { } error) ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            t_inside = false;
            Gate.Exit();
        }
    }

    // Every task on this thread, with the same contract as the shared run: all run, the first error is rethrown after.
    private static void RunHere(int count, Action<int> body)
    {
        var work = new Work(count, body);
        work.Drain();
        if (work.Error is { } error) ExceptionDispatchInfo.Throw(error);
    }

    private static Thread Start()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "Dual second core" };
        thread.Start();
        return thread;
    }

    private static void Loop()
    {
        t_inside = true;
        while (true)
        {
            for (var spin = 0; spin < SpinIterations; spin++)
            {
                if (Volatile.Read(ref s_work) is { } work && work.HasTasks)
                {
                    work.Drain();
                    spin = 0;
                }
                else Thread.SpinWait(1);
            }
            // Announce sleep, then look once more: a caller that published work before seeing the flag set
            // is caught here, and one that publishes after it will release the semaphore.
            Interlocked.Exchange(ref s_sleeping, 1);
            if (Volatile.Read(ref s_work) is { HasTasks: true })
            {
                Interlocked.Exchange(ref s_sleeping, 0);
                continue;
            }
            Wake.Wait();
        }
    }

    private sealed class Work(int count, Action<int> body)
    {
        private int _next = -1;
        public int Done;
        public Exception? Error;

        public bool HasTasks => Volatile.Read(ref _next) < count - 1;

        public void Drain()
        {
            int task;
            while ((task = Interlocked.Increment(ref _next)) < count)
            {
                try
                {
                    body(task);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref Error, e, null);
                }
                Interlocked.Increment(ref Done);
            }
        }
    }
}
