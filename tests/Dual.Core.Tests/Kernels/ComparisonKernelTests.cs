namespace Dual.Tests.Kernels;

/// <summary>
/// Comparisons and where() run four lanes at a time with a scalar tail: every lane must agree with the
/// scalar IEEE rules, including NaN (never compares true; as a where() condition it counts as true) and −0.
/// </summary>
public class ComparisonKernelTests
{
    // 11 values: two vectors' worth and a tail of three, with the special values in both parts.
    private static readonly double[] Left = [1.0, double.NaN, -0.0, 2.0, double.PositiveInfinity, -3.0, 0.0, double.NaN, -0.0, 5.0, 2.0];
    private static readonly double[] Right = [1.0, 1.0, 0.0, 3.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.NaN, 0.0, 4.0, 2.5];

    public static TheoryData<string> Ops() => ["Greater", "GreaterEqual", "Equal"];

    private static Expr Compare(string op, Expr a, Expr b) => op switch
    {
        "Greater" => a.Greater(b),
        "GreaterEqual" => a.GreaterEqual(b),
        _ => a.Equal(b),
    };

    private static bool Scalar(string op, double a, double b) => op switch
    {
        "Greater" => a > b,
        "GreaterEqual" => a >= b,
        _ => a == b,
    };

    [Theory, MemberData(nameof(Ops))]
    public void Span_with_span_matches_the_scalar_test(string op)
    {
        var y = Compare(op, Expr.Constant(Tensor.Vector(Left)), Expr.Constant(Tensor.Vector(Right))).Evaluate();
        for (var i = 0; i < Left.Length; i++)
            Assert.Equal(Scalar(op, Left[i], Right[i]) ? 1.0 : 0.0, y[i]);
    }

    [Theory, MemberData(nameof(Ops))]
    public void Span_with_scalar_and_scalar_with_span_match_the_scalar_test(string op)
    {
        foreach (var s in new[] { 0.0, -0.0, 2.0, double.NaN, double.PositiveInfinity })
        {
            var (vector, scalar) = (Expr.Constant(Tensor.Vector(Left)), Expr.Constant(Tensor.Scalar(s)));
            var right = Compare(op, vector, scalar).Evaluate();
            var left = Compare(op, scalar, vector).Evaluate();
            for (var i = 0; i < Left.Length; i++)
            {
                Assert.Equal(Scalar(op, Left[i], s) ? 1.0 : 0.0, right[i]);
                Assert.Equal(Scalar(op, s, Left[i]) ? 1.0 : 0.0, left[i]);
            }
        }
    }

    [Fact]
    public void Where_treats_NaN_conditions_as_true_and_negative_zero_as_false_in_every_layout()
    {
        var c = Tensor.Vector(Left);
        var a = Tensor.Generate([Left.Length], i => 10 + i);
        var b = Tensor.Generate([Left.Length], i => -10 - i);
        foreach (var (whenTrue, whenFalse) in new[] { (a, b), (Tensor.Scalar(7.0), b), (a, Tensor.Scalar(-7.0)) })
        {
            var y = Expr.Where(Expr.Constant(c), Expr.Constant(whenTrue), Expr.Constant(whenFalse)).Evaluate();
            for (var i = 0; i < Left.Length; i++)
            {
                var expected = Left[i] != 0 ? whenTrue.Span[whenTrue.Size == 1 ? 0 : i] : whenFalse.Span[whenFalse.Size == 1 ? 0 : i];
                Assert.Equal(expected, y[i]);
            }
        }
    }
}
