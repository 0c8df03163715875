using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>The helper-thread loop that GEMM uses: every task exactly once, errors surface, callers may overlap.</summary>
public class SecondCoreTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Runs_every_task_exactly_once(int count)
    {
        var runs = new int[count];
        SecondCore.For(count, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void Back_to_back_calls_each_finish_before_returning()
    {
        // The helper may still hold the previous call's last task; For must wait for it.
        for (var call = 0; call < 200; call++)
        {
            var sum = 0L;
            SecondCore.For(64, i => Interlocked.Add(ref sum, i));
            Assert.Equal(64L * 63 / 2, Interlocked.Read(ref sum));
        }
    }

    [Fact]
    public void An_exception_in_a_task_reaches_the_caller_after_the_other_tasks_ran()
    {
        var ran = 0;
        var error = Assert.Throws<InvalidOperationException>(() => SecondCore.For(50, i =>
        {
            Interlocked.Increment(ref ran);
            if (i == 7) throw new InvalidOperationException("task 7");
        }));
        Assert.Equal("task 7", error.Message);
        Assert.Equal(50, ran);
        SecondCore.For(4, _ => { }); // still usable afterwards
    }

    [Fact]
    public void Concurrent_callers_each_get_all_their_tasks_run()
    {
        var totals = new long[4];
        Parallel.For(0, totals.Length, caller =>
        {
            for (var call = 0; call < 50; call++)
                SecondCore.For(100, i => Interlocked.Add(ref totals[caller], i));
        });
        Assert.All(totals, t => Assert.Equal(50L * (100 * 99 / 2), t));
    }

    [Fact]
    public void A_task_that_calls_For_runs_its_inner_tasks_inline()
    {
        var runs = new int[8, 5];
        SecondCore.For(8, i => SecondCore.For(5, j => Interlocked.Increment(ref runs[i, j])));
        Assert.All(runs.Cast<int>(), r => Assert.Equal(1, r));
    }
    [Fact]
    public void The_caller_and_the_helper_thread_run_tasks_at_the_same_time()
    {
        var caller = Environment.CurrentManagedThreadId;
        if (!Thresholds.TwoCores)
        {
            var ran = new int[2];
            SecondCore.For(2, i => ran[i] = Environment.CurrentManagedThreadId);
            Assert.All(ran, id => Assert.Equal(caller, id)); // one core: the caller runs every task
            return;
        }
        // Two tasks that each wait for the other can only both finish their wait if two threads run them at once:
        // the caller takes one and the long-lived background helper the other. Another test class may hold the
        // helper for a moment (then the caller runs both tasks itself, as it should), so a few attempts are allowed.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var meet = new Barrier(2);
            var met = new bool[2];
            var threads = new Thread[2];
            SecondCore.For(2, i =>
            {
                threads[i] = Thread.CurrentThread;
                met[i] = meet.SignalAndWait(TimeSpan.FromMilliseconds(500));
            });
            if (!met[0] || !met[1]) continue;
            var helper = threads.Single(t => t.ManagedThreadId != caller);
            Assert.Contains(threads, t => t.ManagedThreadId == caller);
            Assert.Equal("Dual second core", helper.Name);
            Assert.True(helper.IsBackground, "the helper must not keep a finished program alive");
            return;
        }
        Assert.Fail("in 20 calls, the two tasks never ran at the same time on the caller and the helper thread");
    }
}
