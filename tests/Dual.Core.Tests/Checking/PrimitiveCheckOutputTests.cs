using Dual.Tests.Ops;

namespace Dual.Tests.Checking;

/// <summary>Tests that read the process's console, so nothing else runs beside them.</summary>
[CollectionDefinition(nameof(ConsoleOutput), DisableParallelization = true)]
public sealed class ConsoleOutput;

/// <summary>A primitive check is a library call: it returns its report and prints nothing (the caller decides what to show).</summary>
[Collection(nameof(ConsoleOutput))]
public class PrimitiveCheckOutputTests
{
    [Fact]
    public void A_passing_check_prints_nothing()
    {
        var before = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            Assert.True(PrimitiveCheck.Run(UserPrimitives.Sigmoid, new() { Cases = 3 }).Passed);
        }
        finally
        {
            Console.SetOut(before);
        }
        Assert.Equal("", captured.ToString());
    }
}
