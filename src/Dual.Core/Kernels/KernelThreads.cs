namespace Dual;

/// <summary>
/// The threads Dual's kernels run on: the calling thread and one long-lived helper that stays awake for a moment
/// between calls. Code outside the engine that splits work over the cores (an optimizer's update, a user-defined
/// primitive's kernel) uses the same helper instead of starting threads that would compete with it.
/// </summary>
public static class KernelThreads
{
    /// <summary>
    /// Runs <paramref name="body"/>(0 … <paramref name="count"/> − 1), each exactly once, on this thread and the helper,
    /// and returns when all have finished. Tasks are claimed one at a time, so whichever thread is free takes the next;
    /// when the helper is busy (another caller, or a task that itself calls <c>For</c>) this thread runs them all.
    /// The first exception a task throws is rethrown here after the other tasks have run.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Kernels.SecondCore.For(count, body);
    }
}
