namespace Dual.Tests.Kernels;

/// <summary>The public door to the kernels' helper thread: the same contract as the engine's own use of it.</summary>
public class KernelThreadsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(333)]
    public void Runs_every_task_exactly_once(int count)
    {
        var runs = new int[count];
        KernelThreads.For(count, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void A_task_that_throws_reaches_the_caller_and_the_others_still_run()
    {
        var ran = 0;
        var error = Assert.Throws<InvalidOperationException>(() => KernelThreads.For(10, i =>
        {
            Interlocked.Increment(ref ran);
            if (i == 3) throw new InvalidOperationException("task 3");
        }));
        Assert.Equal("task 3", error.Message);
        Assert.Equal(10, ran);
    }

    [Fact]
    public void A_nested_call_runs_on_its_own_thread_with_the_same_contract()
    {
        // Inside a task the helper is taken, so the inner call runs its tasks where it is: all of them, error after.
        var inner = new int[2];
        var errors = new string[2];
        KernelThreads.For(2, outer =>
        {
            try
            {
                KernelThreads.For(5, i =>
                {
                    Interlocked.Increment(ref inner[outer]);
                    if (i == 1) throw new InvalidOperationException($"inner {outer}");
                });
            }
            catch (InvalidOperationException e)
            {
                errors[outer] = e.Message;
            }
        });
        Assert.Equal([5, 5], inner);
        Assert.Equal<string>(["inner 0", "inner 1"], errors);
    }

    [Fact]
    public void A_missing_body_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => KernelThreads.For(2, null!));
}
