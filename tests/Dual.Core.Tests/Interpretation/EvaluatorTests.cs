using MathNet.Numerics.LinearAlgebra;

namespace Dual.Tests.Interpretation;

/// <summary>
/// The interpreter: every primitive's value against a plain loop in the test, errors that name
/// what went wrong, checked mode, purity, thread safety, deep graphs and the plan cache.
/// </summary>
public class EvaluatorTests
{
    // ---- reference helpers: plain index arithmetic, independent of the library's kernels ----

    private static int[] Unravel(int flat, Shape s)
    {
        var idx = new int[s.Rank];
        for (var i = s.Rank - 1; i >= 0; i--)
        {
            idx[i] = flat % s[i];
            flat /= s[i];
        }
        return idx;
    }

    private static int Ravel(int[] idx, Shape s)
    {
        var flat = 0;
        for (var i = 0; i < s.Rank; i++) flat = flat * s[i] + idx[i];
        return flat;
    }

    /// <summary>Reads t at an index of a larger (broadcast) shape: right-aligned, size-1 axes read at 0.</summary>
    private static double ReadBroadcast(Tensor t, int[] outIdx)
    {
        var lead = outIdx.Length - t.Rank;
        var idx = new int[t.Rank];
        for (var i = 0; i < t.Rank; i++) idx[i] = t.Shape[i] == 1 ? 0 : outIdx[lead + i];
        return t.Span[Ravel(idx, t.Shape)];
    }

    private static Tensor Map(Shape outShape, Func<int[], double> f)
    {
        var data = new double[outShape.Size];
        for (var i = 0; i < data.Length; i++) data[i] = f(Unravel(i, outShape));
        return Tensor.FromArray(outShape, data);
    }

    private static Tensor Broadcast2(Tensor a, Tensor b, Shape outShape, Func<double, double, double> f) =>
        Map(outShape, i => f(ReadBroadcast(a, i), ReadBroadcast(b, i)));

    /// <summary>Folds x over the axes with a plain loop; the result has the reduced axes kept as 1 or removed.</summary>
    private static Tensor Reduce(Tensor x, int[] axes, bool keepDims, double seed, Func<double, double, double> f)
    {
        var kept = x.Shape.ToArray();
        foreach (var a in axes) kept[a] = 1;
        var keptShape = Shape.Create(kept);
        var acc = Enumerable.Repeat(seed, keptShape.Size).ToArray();
        for (var i = 0; i < x.Size; i++)
        {
            var idx = Unravel(i, x.Shape);
            foreach (var a in axes) idx[a] = 0;
            var o = Ravel(idx, keptShape);
            acc[o] = f(acc[o], x.Span[i]);
        }
        var outShape = keepDims ? keptShape : Shape.Create(x.Shape.Where((_, i) => !axes.Contains(i)).ToArray());
        return Tensor.FromArray(outShape, acc);
    }

    private static Tensor Rand(Shape s, int seed, double low = -2, double high = 2) => Tensor.RandomUniform(s, seed, low, high);

    private static Expr V(string name, Tensor t) => Expr.Variable(name, t.Shape);

    private static void AssertClose(Tensor expected, Tensor actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
        {
            double e = expected.Span[i], a = actual.Span[i];
            Assert.True(Math.Abs(e - a) <= tol * Math.Max(1, Math.Abs(e)),
                $"element {i}: expected {e:R}, got {a:R}");
        }
    }

    private static Tensor Eval(Expr e, params (string Name, Tensor Value)[] bindings) => e.Evaluate(Env.Of(bindings));

    // ---- elementwise primitives ----

    [Fact]
    public void Add_broadcasts_a_row_vector_over_a_matrix()
    {
        var (a, b) = (Rand([2, 3], 1), Rand([3], 2));
        var y = Eval(V("a", a) + V("b", b), ("a", a), ("b", b));
        AssertClose(Broadcast2(a, b, [2, 3], (p, q) => p + q), y, 0);
        Assert.Equal(a[1, 2] + b[2], y[1, 2]);
    }

    [Fact]
    public void Add_broadcasts_a_column_against_a_row_to_an_outer_sum()
    {
        var (a, b) = (Tensor.FromArray([2, 1], [10, 20]), Tensor.FromArray([1, 3], [1, 2, 3]));
        var y = Eval(V("a", a) + V("b", b), ("a", a), ("b", b));
        Assert.Equal(Tensor.FromRows([11, 12, 13], [21, 22, 23]), y);
    }

    [Fact]
    public void Binary_arithmetic_matches_a_plain_loop_for_several_broadcast_patterns()
    {
        var patterns = new (int[] A, int[] B, int[] Y)[]
        {
            ([2, 3], [2, 3], [2, 3]),
            ([2, 3], [], [2, 3]),
            ([], [2, 3], [2, 3]),
            ([2, 3], [3], [2, 3]),
            ([3], [2, 3], [2, 3]),
            ([2, 1], [1, 3], [2, 3]),
            ([4, 1, 5], [3, 1], [4, 3, 5]),
            ([2, 1, 3], [2, 4, 1], [2, 4, 3]),
        };
        var ops = new (string Name, Func<Expr, Expr, Expr> Build, Func<double, double, double> Ref)[]
        {
            ("Add", (a, b) => a + b, (p, q) => p + q),
            ("Sub", (a, b) => a - b, (p, q) => p - q),
            ("Mul", (a, b) => a * b, (p, q) => p * q),
            ("Div", (a, b) => a / b, (p, q) => p / q),
        };
        var seed = 10;
        foreach (var (sa, sb, sy) in patterns)
        {
            var a = Rand(Shape.Create(sa), seed++);
            var b = Rand(Shape.Create(sb), seed++, 0.5, 2); // away from zero for Div
            foreach (var (name, build, reference) in ops)
            {
                var y = Eval(build(V("a", a), V("b", b)), ("a", a), ("b", b));
                var expected = Broadcast2(a, b, Shape.Create(sy), reference);
                Assert.True(expected.Equals(y) || expected.MaxAbsDifference(y) <= 1e-15,
                    $"{name} {a.Shape} {b.Shape}: max difference {expected.MaxAbsDifference(y):E2}");
            }
        }
    }

    [Fact]
    public void Subtract_and_divide_keep_operand_order_when_one_side_is_a_scalar()
    {
        var x = Tensor.Vector(1, 2, 4);
        var v = V("x", x);
        Assert.Equal(Tensor.Vector(9, 8, 6), Eval(10.0 - v, ("x", x)));
        Assert.Equal(Tensor.Vector(-9, -8, -6), Eval(v - 10.0, ("x", x)));
        Assert.Equal(Tensor.Vector(8, 4, 2), Eval(8.0 / v, ("x", x)));
        Assert.Equal(Tensor.Vector(0.5, 1, 2), Eval(v / 2.0, ("x", x)));
    }

    [Fact]
    public void Unary_functions_match_System_Math_elementwise()
    {
        var x = Tensor.Vector(-2.5, -1, -0.25, 0, 0.3, 1, 2.75);
        var pos = Tensor.Vector(0.01, 0.5, 1, 2, 10, 1e6);
        var xv = V("x", x);
        var pv = V("p", pos);
        var cases = new (string Name, Expr E, Tensor In, Func<double, double> Ref)[]
        {
            ("Neg", -xv, x, v => -v),
            ("Exp", xv.Exp(), x, Math.Exp),
            ("Tanh", xv.Tanh(), x, Math.Tanh),
            ("Abs", xv.Abs(), x, Math.Abs),
            ("Sign", xv.Sign(), x, v => Math.Sign(v)),
            ("Log", pv.Log(), pos, Math.Log),
            ("Sqrt", pv.Sqrt(), pos, Math.Sqrt),
            ("Pow 3", xv.Pow(3), x, v => v * v * v),
            ("Pow 2", xv.Pow(2), x, v => v * v),
            ("Pow -1", pv.Pow(-1), pos, v => 1 / v),
            ("Pow 0.5", pv.Pow(0.5), pos, Math.Sqrt),
            ("Pow 1.7", pv.Pow(1.7), pos, v => Math.Pow(v, 1.7)),
            ("Pow 0", xv.Pow(0), x, _ => 1),
            ("StopGradient", xv.StopGradient(), x, v => v),
        };
        foreach (var (name, e, input, reference) in cases)
        {
            var y = Eval(e, ("x", x), ("p", pos));
            var expected = Tensor.FromArray(input.Shape, input.ToArray().Select(reference).ToArray());
            Assert.True(expected.AllClose(y, rtol: 1e-14, atol: 1e-15), $"{name}: expected {expected}, got {y}");
        }
    }

    [Fact]
    public void Comparisons_give_zero_one_masks()
    {
        var a = Tensor.Vector(1, 2, 3, 2);
        var b = Tensor.Vector(2, 2, 2, double.NaN);
        var (av, bv) = (V("a", a), V("b", b));
        Assert.Equal(Tensor.Vector(0, 0, 1, 0), Eval(av > bv, ("a", a), ("b", b)));
        Assert.Equal(Tensor.Vector(0, 1, 1, 0), Eval(av >= bv, ("a", a), ("b", b)));
        Assert.Equal(Tensor.Vector(1, 0, 0, 0), Eval(av < bv, ("a", a), ("b", b)));
        Assert.Equal(Tensor.Vector(1, 1, 0, 0), Eval(av <= bv, ("a", a), ("b", b)));
        Assert.Equal(Tensor.Vector(0, 1, 0, 0), Eval(av.Equal(bv), ("a", a), ("b", b)));
    }

    [Fact]
    public void Comparisons_broadcast()
    {
        var a = Tensor.FromArray([2, 1], [1, 3]);
        var b = Tensor.Vector(0, 2, 4);
        Assert.Equal(Tensor.FromRows([1, 0, 0], [1, 1, 0]), Eval(V("a", a) > V("b", b), ("a", a), ("b", b)));
    }

    [Fact]
    public void Where_picks_from_the_true_or_false_operand_with_broadcasting()
    {
        var c = Tensor.FromArray([2, 1], [1, 0]);
        var t = Tensor.Vector(1, 2, 3);
        var f = Tensor.FromRows([-1, -2, -3], [-4, -5, -6]);
        var y = Eval(Expr.Where(V("c", c), V("t", t), V("f", f)), ("c", c), ("t", t), ("f", f));
        Assert.Equal(Tensor.FromRows([1, 2, 3], [-4, -5, -6]), y);
        var s = Eval(Expr.Where(V("t", t) > 1.5, V("t", t), 0.0), ("t", t));
        Assert.Equal(Tensor.Vector(0, 2, 3), s);
    }

    // ---- reductions ----

    public static TheoryData<int[], int[], bool> ReductionCases => new()
    {
        { [2, 3], [0], false },
        { [2, 3], [1], false },
        { [2, 3], [0, 1], false },
        { [2, 3], [1], true },
        { [2, 3, 4], [0, 2], false },
        { [2, 3, 4], [0, 2], true },
        { [2, 3, 4], [1], true },
        { [2, 3, 4], [0, 1, 2], true },
        { [3, 1, 5], [1], false },
        { [5], [0], false },
        { [4, 5, 6, 7], [1, 3], false },
        { [2, 40, 3], [1], false },
    };

    [Theory]
    [MemberData(nameof(ReductionCases))]
    public void Sum_matches_a_plain_loop(int[] dims, int[] axes, bool keepDims)
    {
        var x = Rand(Shape.Create(dims), 3);
        var y = Eval(V("x", x).Sum(axes, keepDims), ("x", x));
        AssertClose(Reduce(x, axes, keepDims, 0, (p, q) => p + q), y);
    }

    [Theory]
    [MemberData(nameof(ReductionCases))]
    public void Max_matches_a_plain_loop(int[] dims, int[] axes, bool keepDims)
    {
        var x = Rand(Shape.Create(dims), 4);
        var y = Eval(V("x", x).Max(axes, keepDims), ("x", x));
        Assert.Equal(Reduce(x, axes, keepDims, double.NegativeInfinity, Math.Max), y);
    }

    [Fact]
    public void Sum_and_Max_with_no_axes_reduce_everything_to_a_scalar()
    {
        var x = Tensor.FromRows([1, -7, 3], [4, 5, -6]);
        Assert.Equal(Tensor.Scalar(0), Eval(V("x", x).Sum(), ("x", x)));
        Assert.Equal(Tensor.Scalar(5), Eval(V("x", x).Max(), ("x", x)));
        Assert.Equal(Tensor.FromArray([1, 1], [5]), Eval(V("x", x).Max(keepDims: true), ("x", x)));
    }

    [Fact]
    public void Mean_and_Variance_match_plain_loops()
    {
        var x = Rand([3, 4], 5);
        var mean = Eval(V("x", x).Mean(1), ("x", x));
        var variance = Eval(V("x", x).Variance(1), ("x", x));
        for (var i = 0; i < 3; i++)
        {
            var row = Enumerable.Range(0, 4).Select(j => x[i, j]).ToArray();
            var m = row.Average();
            Assert.Equal(m, mean[i], 1e-14);
            Assert.Equal(row.Sum(v => (v - m) * (v - m)) / 4, variance[i], 1e-14);
        }
    }

    // ---- matrix products against MathNet ----

    private static Tensor MatMulEval(Tensor a, Tensor b, bool ta = false, bool tb = false) =>
        Eval(V("a", a).MatMul(V("b", b), ta, tb), ("a", a), ("b", b));

    [Theory]
    [InlineData(3, 4, 5)]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 3)]
    [InlineData(6, 1, 2)]
    [InlineData(17, 33, 9)]
    public void MatMul_matches_MathNet_for_every_combination_of_transposed_flags(int m, int k, int n)
    {
        var a = Rand([m, k], 6);
        var b = Rand([k, n], 7);
        var expected = Tensor.FromMatrix(a.ToMatrix() * b.ToMatrix());
        AssertClose(expected, MatMulEval(a, b));
        var aT = Tensor.FromMatrix(a.ToMatrix().Transpose());
        var bT = Tensor.FromMatrix(b.ToMatrix().Transpose());
        AssertClose(expected, MatMulEval(aT, b, ta: true));
        AssertClose(expected, MatMulEval(a, bT, tb: true));
        AssertClose(expected, MatMulEval(aT, bT, ta: true, tb: true));
    }

    [Fact]
    public void MatMul_large_enough_to_run_in_parallel_matches_MathNet()
    {
        // 2·130·70·120 flops is above the kernel's parallel threshold.
        var a = Rand([130, 70], 8);
        var b = Rand([70, 120], 9);
        var expected = Tensor.FromMatrix(a.ToMatrix() * b.ToMatrix());
        AssertClose(expected, MatMulEval(a, b), 1e-12);
        AssertClose(expected, MatMulEval(Tensor.FromMatrix(a.ToMatrix().Transpose()), b, ta: true), 1e-12);
        AssertClose(expected, MatMulEval(a, Tensor.FromMatrix(b.ToMatrix().Transpose()), tb: true), 1e-12);
    }

    [Fact]
    public void MatMul_with_a_long_inner_dimension_and_transposed_b_matches_MathNet()
    {
        var a = Rand([3, 700], 10);
        var b = Rand([4, 700], 11);
        var expected = Tensor.FromMatrix(a.ToMatrix() * b.ToMatrix().Transpose());
        AssertClose(expected, MatMulEval(a, b, tb: true), 1e-12);
        AssertClose(expected, MatMulEval(Tensor.FromMatrix(a.ToMatrix().Transpose()), b, ta: true, tb: true), 1e-12);
    }

    [Fact]
    public void Batched_MatMul_broadcasts_a_shared_matrix_over_the_batch()
    {
        var a = Rand([4, 3, 5], 12);
        var b = Rand([5, 2], 13);
        var y = MatMulEval(a, b);
        Assert.Equal(Shape.Of(4, 3, 2), y.Shape);
        for (var i = 0; i < 4; i++)
            AssertClose(Tensor.FromMatrix(a.SubTensor(i).ToMatrix() * b.ToMatrix()), y.SubTensor(i));
    }

    [Fact]
    public void Batched_MatMul_broadcasts_batch_axes_of_size_one_against_each_other()
    {
        var a = Rand([2, 1, 3, 4], 14);
        var b = Rand([5, 4, 6], 15);
        var y = MatMulEval(a, b);
        Assert.Equal(Shape.Of(2, 5, 3, 6), y.Shape);
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 5; j++)
            {
                var expected = a.SubTensor(i).SubTensor(0).ToMatrix() * b.SubTensor(j).ToMatrix();
                AssertClose(Tensor.FromMatrix(expected), y.SubTensor(i).SubTensor(j));
            }
    }

    [Fact]
    public void Batched_MatMul_with_both_operands_transposed_matches_MathNet()
    {
        var a = Rand([3, 4, 2], 16); // each a[i] is stored [k=4, m=2]
        var b = Rand([3, 5, 4], 17); // each b[i] is stored [n=5, k=4]
        var y = MatMulEval(a, b, ta: true, tb: true);
        Assert.Equal(Shape.Of(3, 2, 5), y.Shape);
        for (var i = 0; i < 3; i++)
        {
            var expected = a.SubTensor(i).ToMatrix().Transpose() * b.SubTensor(i).ToMatrix().Transpose();
            AssertClose(Tensor.FromMatrix(expected), y.SubTensor(i));
        }
    }

    [Fact]
    public void MatMul_with_vectors_gives_dot_and_matrix_vector_products()
    {
        var u = Tensor.Vector(1, 2, 3);
        var w = Tensor.Vector(4, -5, 6);
        var m = Rand([2, 3], 18);
        Assert.Equal(12.0, Eval(V("u", u).MatMul(V("w", w)), ("u", u), ("w", w)).ToScalar(), 1e-14);
        var mv = Eval(V("m", m).MatMul(V("u", u)), ("m", m), ("u", u));
        AssertClose(Tensor.FromVector(m.ToMatrix() * u.ToVector()), mv);
        var vm = Eval(V("w", w).MatMul(V("m", m).T), ("m", m), ("w", w));
        AssertClose(Tensor.FromVector(m.ToMatrix() * w.ToVector()), vm);
    }

    // ---- layout ----

    [Fact]
    public void Transpose_of_a_rank_3_tensor_moves_each_element_to_its_permuted_index()
    {
        var x = Rand([2, 3, 4], 19);
        var y = Eval(V("x", x).Transpose(2, 0, 1), ("x", x));
        Assert.Equal(Shape.Of(4, 2, 3), y.Shape);
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 2; j++)
                for (var k = 0; k < 3; k++)
                    Assert.Equal(x[j, k, i], y[i, j, k]);
        var t = Eval(V("x", x).Transpose(1, 2, 0), ("x", x));
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 4; j++)
                for (var k = 0; k < 2; k++)
                    Assert.Equal(x[k, i, j], t[i, j, k]);
    }

    [Fact]
    public void T_swaps_the_last_two_axes()
    {
        var x = Rand([2, 3, 4], 20);
        var y = Eval(V("x", x).T, ("x", x));
        for (var b = 0; b < 2; b++)
            Assert.Equal(x.SubTensor(b).ToMatrix().Transpose(), y.SubTensor(b).ToMatrix());
    }

    [Fact]
    public void BroadcastTo_repeats_values_along_new_and_size_one_axes()
    {
        var x = Tensor.FromArray([3, 1], [1, 2, 3]);
        var y = Eval(V("x", x).BroadcastTo([2, 3, 4]), ("x", x));
        Assert.Equal(Map([2, 3, 4], i => x[i[1], 0]), y);
        var s = Eval(Expr.Scalar(7).BroadcastTo([2, 2]));
        Assert.Equal(Tensor.Full([2, 2], 7), s);
    }

    [Fact]
    public void Reshape_keeps_row_major_order()
    {
        var x = Rand([2, 6], 21);
        var y = Eval(V("x", x).Reshape([3, 4]), ("x", x));
        Assert.Equal(x.ToArray(), y.ToArray());
        Assert.Equal(Shape.Of(3, 4), y.Shape);
    }

    [Fact]
    public void Slice_copies_the_block()
    {
        var x = Rand([4, 5, 3], 22);
        var y = Eval(V("x", x).Slice(1, 1, -1), ("x", x));
        Assert.Equal(Map([4, 3, 3], i => x[i[0], i[1] + 1, i[2]]), y);
        var block = Eval(Expr.SliceBlock(V("x", x), [2, 0, 1], [2, 5, 2]), ("x", x));
        Assert.Equal(Map([2, 5, 2], i => x[i[0] + 2, i[1], i[2] + 1]), block);
    }

    [Fact]
    public void Pad_surrounds_the_values_with_zeros()
    {
        var x = Tensor.FromRows([1, 2], [3, 4]);
        var y = Eval(V("x", x).Pad([1, 0], [0, 2]), ("x", x));
        Assert.Equal(Tensor.FromRows([0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]), y);
    }

    [Fact]
    public void Concat_joins_operands_along_the_axis()
    {
        var a = Tensor.FromRows([1, 2], [3, 4]);
        var b = Tensor.FromRows([5], [6]);
        var c = Tensor.FromRows([7, 8, 9], [10, 11, 12]);
        var y = Eval(Expr.Concat(1, V("a", a), V("b", b), V("c", c)), ("a", a), ("b", b), ("c", c));
        Assert.Equal(Tensor.FromRows([1, 2, 5, 7, 8, 9], [3, 4, 6, 10, 11, 12]), y);
        var rows = Eval(Expr.Concat(0, V("a", a), V("a", a)), ("a", a));
        Assert.Equal(Tensor.FromRows([1, 2], [3, 4], [1, 2], [3, 4]), rows);
    }

    [Fact]
    public void Gather_picks_rows_and_may_repeat_them()
    {
        var table = Tensor.FromRows([0, 1], [10, 11], [20, 21], [30, 31]);
        var ids = Tensor.FromArray([2, 2], [3, 1, 1, 0]);
        var y = Eval(V("t", table).Gather(V("i", ids)), ("t", table), ("i", ids));
        Assert.Equal(Tensor.FromNested(new double[][][] { [[30, 31], [10, 11]], [[10, 11], [0, 1]] }), y);
        var cols = Eval(V("t", table).Gather(Expr.Constant(Tensor.Vector(1, 1, 0)), axis: 1), ("t", table));
        Assert.Equal(Tensor.FromRows([1, 1, 0], [11, 11, 10], [21, 21, 20], [31, 31, 30]), cols);
    }

    [Fact]
    public void Gather_rejects_indices_that_are_out_of_range_or_not_integers()
    {
        var table = Tensor.Zeros([3, 2]);
        // The kernel's own check, not the array bounds: an index one past the end, below 0 or between integers
        // would otherwise read a neighbouring row or fail without saying which index.
        foreach (var (index, axis, size) in new[] { (3.0, 0, 3), (-1.0, 0, 3), (0.5, 0, 3), (2.0, 1, 2), (-0.5, 1, 2) })
        {
            var error = Assert.Throws<IndexOutOfRangeException>(() =>
                Eval(V("t", table).Gather(Expr.Constant(Tensor.Vector(0, index)), axis), ("t", table)));
            Assert.Equal($"Gather index {index} is not an integer in [0, {size}) for axis {axis}.", error.Message);
        }
        Assert.Equal(Tensor.FromRows([0], [0], [0]), Eval(V("t", table).Gather(Expr.Constant(Tensor.Vector(1)), axis: 1), ("t", table)));
    }

    [Fact]
    public void ScatterAdd_adds_rows_into_zeros_and_repeated_indices_add_up()
    {
        var u = Tensor.FromRows([1, 2], [10, 20], [100, 200]);
        var ids = Tensor.Vector(1, 1, 3);
        var y = Eval(V("u", u).ScatterAdd(V("i", ids), 0, 5), ("u", u), ("i", ids));
        Assert.Equal(Tensor.FromRows([0, 0], [11, 22], [0, 0], [100, 200], [0, 0]), y);
        var cols = Eval(V("u", u).ScatterAdd(Expr.Constant(Tensor.Vector(0, 0)), 1, 3), ("u", u));
        Assert.Equal(Tensor.FromRows([3, 0, 0], [30, 0, 0], [300, 0, 0]), cols);
    }

    // ---- composites: softmax family ----

    [Fact]
    public void Softmax_rows_sum_to_one_and_equal_exp_over_sum_of_exp()
    {
        var x = Rand([3, 5], 23, -3, 3);
        var y = Eval(V("x", x).Softmax(), ("x", x));
        for (var i = 0; i < 3; i++)
        {
            var denominator = Enumerable.Range(0, 5).Sum(j => Math.Exp(x[i, j]));
            Assert.Equal(1.0, Enumerable.Range(0, 5).Sum(j => y[i, j]), 1e-14);
            for (var j = 0; j < 5; j++) Assert.Equal(Math.Exp(x[i, j]) / denominator, y[i, j], 1e-14);
        }
    }

    [Fact]
    public void Softmax_over_the_first_axis_normalises_columns()
    {
        var x = Rand([4, 2], 24, -3, 3);
        var y = Eval(V("x", x).Softmax(0), ("x", x));
        for (var j = 0; j < 2; j++)
        {
            var denominator = Enumerable.Range(0, 4).Sum(i => Math.Exp(x[i, j]));
            for (var i = 0; i < 4; i++) Assert.Equal(Math.Exp(x[i, j]) / denominator, y[i, j], 1e-14);
        }
    }

    [Fact]
    public void Softmax_of_huge_logits_is_finite_and_exact()
    {
        var x = Tensor.Vector(10_000, 10_000, 9_999);
        var y = Eval(V("x", x).Softmax(), ("x", x));
        var e = Math.Exp(-1);
        Assert.Equal(1 / (2 + e), y[0], 1e-15);
        Assert.Equal(e / (2 + e), y[2], 1e-15);
    }

    [Fact]
    public void LogSumExp_of_huge_logits_is_finite_and_correct()
    {
        var x = Tensor.Vector(10_000, 10_000);
        var y = Eval(V("x", x).LogSumExp(), ("x", x)).ToScalar();
        Assert.True(double.IsFinite(y));
        Assert.Equal(10_000 + Math.Log(2), y, 1e-11);
        var negative = Tensor.Vector(-10_000, -10_000, -10_000);
        Assert.Equal(-10_000 + Math.Log(3), Eval(V("x", negative).LogSumExp(), ("x", negative)).ToScalar(), 1e-11);
    }

    [Fact]
    public void LogSumExp_over_rows_matches_the_definition()
    {
        var x = Rand([3, 4], 25, -5, 5);
        var y = Eval(V("x", x).LogSumExp(1), ("x", x));
        var kept = Eval(V("x", x).LogSumExp(1, keepDims: true), ("x", x));
        Assert.Equal(Shape.Of(3, 1), kept.Shape);
        for (var i = 0; i < 3; i++)
        {
            var expected = Math.Log(Enumerable.Range(0, 4).Sum(j => Math.Exp(x[i, j])));
            Assert.Equal(expected, y[i], 1e-14);
            Assert.Equal(expected, kept[i, 0], 1e-14);
        }
    }

    [Fact]
    public void LogSoftmax_is_x_minus_logsumexp()
    {
        var x = Rand([2, 3], 26, -4, 4);
        var y = Eval(V("x", x).LogSoftmax(), ("x", x));
        for (var i = 0; i < 2; i++)
        {
            var lse = Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(x[i, j])));
            for (var j = 0; j < 3; j++) Assert.Equal(x[i, j] - lse, y[i, j], 1e-14);
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_is_the_mean_negative_log_probability_of_the_targets()
    {
        var logits = Rand([4, 5], 27, -3, 3);
        var targets = Tensor.Vector(0, 4, 2, 4);
        var y = Eval(Expr.SoftmaxCrossEntropy(V("z", logits), V("t", targets)), ("z", logits), ("t", targets)).ToScalar();
        var total = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var lse = Math.Log(Enumerable.Range(0, 5).Sum(j => Math.Exp(logits[i, j])));
            total += lse - logits[i, (int)targets[i]];
        }
        Assert.Equal(total / 4, y, 1e-14);
    }

    [Fact]
    public void SoftmaxCrossEntropy_handles_batched_leading_axes()
    {
        var logits = Rand([2, 3, 4], 28, -3, 3);
        var targets = Tensor.FromRows([3, 0, 1], [2, 2, 0]);
        var y = Eval(Expr.SoftmaxCrossEntropy(V("z", logits), V("t", targets)), ("z", logits), ("t", targets)).ToScalar();
        var total = 0.0;
        for (var b = 0; b < 2; b++)
            for (var i = 0; i < 3; i++)
            {
                var lse = Math.Log(Enumerable.Range(0, 4).Sum(j => Math.Exp(logits[b, i, j])));
                total += lse - logits[b, i, (int)targets[b, i]];
            }
        Assert.Equal(total / 6, y, 1e-14);
    }

    [Fact]
    public void SoftmaxCrossEntropy_rejects_a_target_past_the_last_row()
    {
        var logits = Tensor.FromRows([0, 1, 2], [3, 4, 5]);
        var y = Expr.SoftmaxCrossEntropy(Expr.Variable("z", [2, 3]), Expr.Variable("t", [2]));
        Assert.Throws<IndexOutOfRangeException>(() => y.Evaluate(Env.Of(("z", logits), ("t", Tensor.Vector(0, 3)))));
    }

    [Fact]
    public void SoftmaxCrossEntropy_rejects_a_target_outside_the_classes_in_any_row()
    {
        var logits = Tensor.FromRows([0, 1, 2], [3, 4, 5]);
        var y = Expr.SoftmaxCrossEntropy(Expr.Variable("z", [2, 3]), Expr.Variable("t", [2]));
        // Class 3 of row 0 is flat index 3, which is row 1's class 0: a plausible but wrong loss comes back.
        Assert.ThrowsAny<Exception>(() => y.Evaluate(Env.Of(("z", logits), ("t", Tensor.Vector(3, 0)))));
        Assert.ThrowsAny<Exception>(() => y.Evaluate(Env.Of(("z", logits), ("t", Tensor.Vector(0, -1)))));
    }

    [Fact]
    public void Relu_Sigmoid_and_Gelu_match_their_formulas()
    {
        var x = Tensor.Vector(-3, -0.5, 0.25, 2, 40, -40);
        var v = V("x", x);
        var relu = Eval(v.Relu(), ("x", x));
        var sigmoid = Eval(v.Sigmoid(), ("x", x));
        var gelu = Eval(v.Gelu(), ("x", x));
        for (var i = 0; i < x.Size; i++)
        {
            var xi = x[i];
            Assert.Equal(Math.Max(xi, 0), relu[i]);
            Assert.Equal(1 / (1 + Math.Exp(-xi)), sigmoid[i], 1e-15);
            var g = 0.5 * xi * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (xi + 0.044715 * xi * xi * xi)));
            Assert.Equal(g, gelu[i], 1e-13);
        }
    }

    // ---- errors ----

    [Fact]
    public void An_unbound_variable_throws_naming_it_and_listing_the_bound_ones()
    {
        var y = Expr.Variable("x") + Expr.Variable("missing") * Expr.Variable("w");
        var e = Assert.Throws<KeyNotFoundException>(() => y.Evaluate(Env.Of(("x", 1.0), ("w", 2.0))));
        Assert.Contains("'missing'", e.Message);
        Assert.Contains("x, w", e.Message);
    }

    [Fact]
    public void An_unbound_variable_with_no_bindings_says_so()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Expr.Variable("x").Exp().Evaluate());
        Assert.Contains("'x'", e.Message);
        Assert.Contains("(none)", e.Message);
    }

    [Fact]
    public void A_wrongly_shaped_binding_throws_naming_the_variable_and_both_shapes()
    {
        var y = Expr.Variable("x", [2, 3]).Sum();
        var e = Assert.Throws<ShapeException>(() => y.Evaluate(Env.Of(("x", Tensor.Zeros([3, 2])))));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 2]", e.Message);
    }

    [Fact]
    public void One_name_used_with_two_shapes_is_rejected()
    {
        var y = Expr.Variable("x", [2]).Sum() + Expr.Variable("x", [3]).Sum();
        var e = Assert.Throws<ShapeException>(() => y.Evaluate(Env.Of(("x", Tensor.Zeros([2])))));
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void Extra_bindings_are_ignored()
    {
        var y = Expr.Variable("x") * 2.0;
        Assert.Equal(6.0, y.Evaluate(Env.Of(("x", 3.0), ("unused", Tensor.Zeros([5])))).ToScalar());
    }

    [Fact]
    public void NaN_and_infinity_propagate_in_default_mode()
    {
        var x = Expr.Variable("x", [3]);
        var y = (x * 2.0 + 1.0).Exp().Sum(keepDims: true) + x.MatMul(x);
        var nan = y.Evaluate(Env.Of(("x", Tensor.Vector(1, double.NaN, 2))));
        Assert.True(double.IsNaN(nan.ToScalar()));
        var inf = Expr.Variable("x").Exp().Evaluate(Env.Of(("x", 1000.0)));
        Assert.Equal(double.PositiveInfinity, inf.ToScalar());
        var log = Expr.Variable("x").Log().Evaluate(Env.Of(("x", -1.0)));
        Assert.True(double.IsNaN(log.ToScalar()));
        var max = Expr.Variable("x", [3]).Max().Evaluate(Env.Of(("x", Tensor.Vector(1, double.NaN, 2))));
        Assert.True(double.IsNaN(max.ToScalar()));
    }

    [Fact]
    public void Checked_mode_names_the_first_op_that_produced_a_non_finite_value()
    {
        var x = Expr.Variable("x");
        var y = (x.Log().Exp() + 1.0) * 2.0;
        var e = Assert.Throws<NonFiniteException>(() => y.Evaluate(Env.Of(("x", -1.0)), EvaluationOptions.Checked));
        Assert.StartsWith("Log", e.Message);
        Assert.Contains("x", e.Message);
    }

    [Fact]
    public void Checked_mode_names_a_division_by_zero()
    {
        var x = Expr.Variable("x", [2]);
        var y = (1.0 / x).Sum();
        var e = Assert.Throws<NonFiniteException>(() => y.Evaluate(Env.Of(("x", Tensor.Vector(1, 0))), EvaluationOptions.Checked));
        Assert.StartsWith("Div", e.Message);
    }

    [Fact]
    public void Checked_mode_names_a_variable_bound_to_NaN()
    {
        var y = Expr.Variable("x", [2]).Sum() + Expr.Variable("w");
        var e = Assert.Throws<NonFiniteException>(() =>
            y.Evaluate(Env.Of(("x", Tensor.Vector(1, double.NaN)), ("w", 1.0)), EvaluationOptions.Checked));
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void Checked_mode_gives_the_same_values_when_everything_is_finite()
    {
        var x = Expr.Variable("x", [3]);
        var y = (x.Exp() / x.Exp().Sum()).Log();
        var env = Env.Of(("x", Tensor.Vector(0.5, -1, 2)));
        Assert.Equal(y.Evaluate(env), y.Evaluate(env, EvaluationOptions.Checked));
    }

    // ---- purity and determinism ----

    private static (Expr Loss, Expr[] Roots, Env Env) SmallNetwork(int seed, int batch = 16, int width = 32)
    {
        var x = Expr.Variable("x", [batch, width]);
        var w1 = Expr.Variable("w1", [width, width]);
        var b1 = Expr.Variable("b1", [width]);
        var w2 = Expr.Variable("w2", [width, 8]);
        var h = (x.MatMul(w1) + b1).Tanh();
        var y = h.MatMul(w2);
        var loss = (y.Square().Sum() + h.Max(1).Sum()) / batch;
        var grads = Grad.Of(loss, x, w1, b1, w2);
        var env = Env.Of(
            ("x", Rand([batch, width], seed)),
            ("w1", Rand([width, width], seed + 1000, -0.3, 0.3)),
            ("b1", Rand([width], seed + 2000)),
            ("w2", Rand([width, 8], seed + 3000, -0.3, 0.3)));
        return (loss, [loss, y, .. grads], env);
    }

    [Fact]
    public void Evaluation_leaves_every_bound_tensor_bit_identical()
    {
        var (_, roots, env) = SmallNetwork(1);
        var before = env.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        var constant = Tensor.Vector(1, 2, 3);
        var constantBefore = constant.ToArray();
        var extra = (Expr.Constant(constant).Exp() * 2.0).Sum();
        Evaluator.Evaluate([.. roots, extra], env);
        Evaluator.Evaluate([.. roots, extra], env);
        foreach (var (name, values) in before)
        {
            var after = env[name].ToArray();
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), after.Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.Equal(constantBefore, constant.ToArray());
    }

    [Fact]
    public void Repeated_evaluations_are_bit_identical()
    {
        var (_, roots, env) = SmallNetwork(2);
        var first = Evaluator.Evaluate(roots, env);
        for (var run = 0; run < 5; run++)
        {
            var again = Evaluator.Evaluate(roots, env);
            for (var r = 0; r < roots.Length; r++) Assert.Equal(first[r], again[r]);
        }
    }

    [Fact]
    public void Results_do_not_change_when_the_graph_is_evaluated_again_with_other_bindings()
    {
        var x = Expr.Variable("x", [3]);
        var y = (x.Exp() + 1.0).Log();
        var first = y.Evaluate(Env.Of(("x", Tensor.Vector(1, 2, 3))));
        var snapshot = first.ToArray();
        y.Evaluate(Env.Of(("x", Tensor.Vector(-5, 0, 9))));
        Assert.Equal(snapshot, first.ToArray());
    }

    [Fact]
    public void A_diamond_shaped_graph_gives_the_right_value_and_gradient()
    {
        // h is used three times; its value and its gradient contributions must be counted correctly.
        var x = Expr.Variable("x");
        var h = x.Exp();
        var y = h * h + h;
        var env = Env.Of(("x", 0.7));
        var (value, grads) = Grad.ValueAndGrad(y, env);
        var e = Math.Exp(0.7);
        Assert.Equal(e * e + e, value.ToScalar(), 1e-14);
        Assert.Equal(2 * e * e + e, grads["x"].ToScalar(), 1e-14);
    }

    [Fact]
    public void Several_roots_evaluated_together_equal_each_evaluated_alone()
    {
        var x = Expr.Variable("x", [4]);
        var h = x.Tanh();
        var a = h.Sum();
        var b = (h * h).Max();
        var env = Env.Of(("x", Rand([4], 29)));
        var both = Evaluator.Evaluate([a, b, h], env);
        Assert.Equal(a.Evaluate(env), both[0]);
        Assert.Equal(b.Evaluate(env), both[1]);
        Assert.Equal(h.Evaluate(env), both[2]);
    }

    [Fact]
    public void Concurrent_evaluations_of_one_graph_equal_the_single_threaded_results_bit_for_bit()
    {
        const int tasks = 8, repeats = 50;
        var (_, roots, _) = SmallNetwork(0);
        var envs = Enumerable.Range(0, tasks).Select(t => SmallNetwork(100 + t).Env).ToArray();
        var expected = envs.Select(env => Evaluator.Evaluate(roots, env)).ToArray();
        var mismatches = 0;
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = tasks }, t =>
        {
            for (var run = 0; run < repeats; run++)
            {
                var got = Evaluator.Evaluate(roots, envs[t]);
                for (var r = 0; r < roots.Length; r++)
                    if (!expected[t][r].Equals(got[r])) Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
        // The bindings differ, so the results must too (otherwise the test proves nothing).
        Assert.NotEqual(expected[0][0], expected[1][0]);
    }

    [Fact]
    public void Concurrent_evaluations_on_raw_threads_agree_too()
    {
        const int tasks = 8, repeats = 50;
        var (_, roots, _) = SmallNetwork(0);
        var envs = Enumerable.Range(0, tasks).Select(t => SmallNetwork(200 + t).Env).ToArray();
        var expected = envs.Select(env => Evaluator.Evaluate(roots, env)).ToArray();
        var results = new bool[tasks];
        var start = new Barrier(tasks);
        var threads = Enumerable.Range(0, tasks).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var ok = true;
            for (var run = 0; run < repeats; run++)
            {
                var got = Evaluator.Evaluate(roots, envs[t]);
                for (var r = 0; r < roots.Length; r++) ok &= expected[t][r].Equals(got[r]);
            }
            results[t] = ok;
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Assert.All(results, ok => Assert.True(ok));
    }

    // ---- deep graphs ----

    [Fact]
    public void A_chain_of_100000_additions_evaluates_and_differentiates_without_overflowing_the_stack()
    {
        var x = Expr.Variable("x");
        var e = x;
        for (var i = 0; i < 100_000; i++) e = e + 1.0;
        var env = Env.Of(("x", 0.5));
        Assert.Equal(100_000.5, e.Evaluate(env).ToScalar());
        var g = Grad.Of(e, x)[0];
        Assert.Equal(1.0, g.Evaluate(env).ToScalar());
    }

    [Fact]
    public void A_chain_of_100000_tanh_nodes_has_the_value_and_derivative_of_a_plain_loop()
    {
        const int n = 100_000;
        const double c = 1.0000001;
        var x = Expr.Variable("x");
        var e = x;
        for (var i = 0; i < n; i++) e = (e * c).Tanh();
        var g = Grad.Of(e, x)[0];
        var results = Evaluator.Evaluate([e, g], Env.Of(("x", 0.9)));

        double v = 0.9, d = 1.0;
        for (var i = 0; i < n; i++)
        {
            v = Math.Tanh(v * c);
            d *= c * (1 - v * v);
        }
        Assert.Equal(v, results[0].ToScalar(), 1e-12);
        Assert.True(Math.Abs(d - results[1].ToScalar()) <= 1e-9 * Math.Abs(d), $"expected {d:R}, got {results[1].ToScalar():R}");
    }

    // ---- plan cache ----

    [Fact]
    public void The_plan_for_a_root_is_built_once_and_reused()
    {
        var x = Expr.Variable("x", [3]);
        var y = x.Exp().Sum();
        var env = Env.Of(("x", Tensor.Vector(1, 2, 3)));
        y.Evaluate(env);
        var plan = Evaluator.PlanFor([y]);
        y.Evaluate(env);
        Assert.Same(plan, Evaluator.PlanFor([y]));
        Assert.Same(plan, Evaluator.PlanFor(new List<Expr> { y }));
    }

    [Fact]
    public void Different_root_sets_get_different_plans()
    {
        var x = Expr.Variable("x", [3]);
        var a = x.Exp().Sum();
        var b = x.Tanh().Sum();
        Assert.NotSame(Evaluator.PlanFor([a]), Evaluator.PlanFor([b]));
        Assert.NotSame(Evaluator.PlanFor([a]), Evaluator.PlanFor([a, b]));
        Assert.NotSame(Evaluator.PlanFor([a, b]), Evaluator.PlanFor([b, a]));
        Assert.Same(Evaluator.PlanFor([a, b]), Evaluator.PlanFor([a, b]));
    }

    [Fact]
    public void A_plan_lists_each_shared_node_once()
    {
        var x = Expr.Variable("x");
        var h = x.Exp();
        var y = h * h + h;
        var plan = Evaluator.PlanFor([y]);
        // x, h, h*h, (h*h)+h: four distinct nodes.
        Assert.Equal(4, plan.Steps.Length);
        Assert.Single(plan.Steps, s => ReferenceEquals(s, h));
    }
}
