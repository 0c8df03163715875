using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// The broadcasting loop of + − × ÷ picks its path from the shapes once (every path gives the same values, so only
/// the choice itself shows a fast path that is never taken), and every path gives a plain loop's values bit for bit.
/// </summary>
public class BinaryLoopTests
{
    public static TheoryData<int[], int[], string> Paths() => new()
    {
        { [4, 3], [4, 3], nameof(BinaryPath.Same) },
        { [], [], nameof(BinaryPath.Same) },                  // one element
        { [1, 6], [6], nameof(BinaryPath.Same) },             // same size, a unit axis in front
        { [4, 3], [], nameof(BinaryPath.ScalarB) },           // scaling by a scalar
        { [4, 3], [1, 1], nameof(BinaryPath.ScalarB) },
        { [0, 3], [], nameof(BinaryPath.ScalarB) },           // empty
        { [], [4, 3], nameof(BinaryPath.ScalarA) },           // 1 − x
        { [1], [2, 3], nameof(BinaryPath.ScalarA) },
        { [2, 4, 3], [3], nameof(BinaryPath.Rows) },          // a bias over a batch
        { [2, 1, 3], [4, 3], nameof(BinaryPath.Rows) },
        { [4, 3], [4, 1], nameof(BinaryPath.RowsScalarB) },   // softmax's x − max(x, keepDims)
        { [2, 3, 4], [2, 3, 1], nameof(BinaryPath.RowsScalarB) },
        { [1, 3], [4, 1], nameof(BinaryPath.RowsScalarB) },
        { [4, 1], [4, 3], nameof(BinaryPath.RowsScalarA) },
        { [4, 1], [1, 3], nameof(BinaryPath.RowsScalarA) },   // an outer sum
    };

    [Theory, MemberData(nameof(Paths))]
    public void The_path_is_chosen_from_the_shapes(int[] a, int[] b, string expected)
    {
        var (sa, sb) = (Shape.Create(a), Shape.Create(b));
        Assert.Equal(expected, new Elementwise.BinaryLoop(sa, sb, Shape.TryBroadcast(sa, sb)!).Path.ToString());
    }

    private static readonly (string Name, BinaryKernel Kernel, Func<double, double, double> Reference)[] Kernels =
    [
        ("add", Elementwise.Add, (a, b) => a + b),
        ("subtract", Elementwise.Subtract, (a, b) => a - b),
        ("multiply", Elementwise.Multiply, (a, b) => a * b),
        ("divide", Elementwise.Divide, (a, b) => a / b),
    ];

    [Fact]
    public void Every_broadcasting_pair_of_small_shapes_matches_a_plain_loop_on_every_path()
    {
        // Ranks 0–3 over {1, 2, 3}, and shapes with an empty axis.
        var shapes = Broadcasting.Shapes(3, 1, 2, 3).Concat(Broadcasting.Shapes(2, 0, 1, 3)).Distinct().ToArray();
        var taken = new HashSet<BinaryPath>();
        foreach (var sa in shapes)
            foreach (var sb in shapes)
            {
                if (Shape.TryBroadcast(sa, sb) is not { } sy) continue;
                var loop = new Elementwise.BinaryLoop(sa, sb, sy);
                taken.Add(loop.Path);
                var a = Enumerable.Range(0, sa.Size).Select(i => 1.5 + i).ToArray();
                var b = Enumerable.Range(0, sb.Size).Select(i => -0.75 - 0.5 * i).ToArray();
                foreach (var (name, kernel, reference) in Kernels)
                {
                    var y = new double[sy.Size];
                    loop.Run(kernel, a, b, y);
                    for (var i = 0; i < y.Length; i++)
                    {
                        var expected = reference(a[Broadcasting.SourceIndex(sa, sy, i)], b[Broadcasting.SourceIndex(sb, sy, i)]);
                        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(y[i]))
                            Assert.Fail($"{name} of {sa} and {sb} ({loop.Path}): element {i} is {y[i]:R}, expected {expected:R}");
                    }
                }
            }
        Assert.Equal(Enum.GetValues<BinaryPath>(), taken.Order());
    }
}
