using MathNet.Numerics.LinearAlgebra;

namespace Dual.Tests.Interpretation;

/// <summary>
/// Differentiation: reverse mode against hand-derived gradients and MathNet, shared and unused
/// variables, higher derivatives, Hessian-vector products, forward mode, and forward-vs-reverse agreement.
/// </summary>
public class GradTests
{
    private static Tensor Rand(Shape s, int seed, double low = -2, double high = 2) => Tensor.RandomUniform(s, seed, low, high);

    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.FromArray(x.Shape, x.ToArray().Select(f).ToArray());

    private static Tensor Zip(Tensor a, Tensor b, Func<double, double, double> f) =>
        Tensor.FromArray(a.Shape, a.ToArray().Zip(b.ToArray(), f).ToArray());

    private static double Dot(Tensor a, Tensor b) => a.ToArray().Zip(b.ToArray(), (p, q) => p * q).Sum();

    private static void AssertClose(Tensor expected, Tensor actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
        {
            double e = expected.Span[i], a = actual.Span[i];
            Assert.True(Math.Abs(e - a) <= tol * Math.Max(1, Math.Abs(e)), $"element {i}: expected {e:R}, got {a:R}");
        }
    }

    // ---- first derivatives by hand ----

    [Fact]
    public void The_gradient_of_a_product_is_the_other_factor()
    {
        var (x, y) = (Expr.Variable("x"), Expr.Variable("y"));
        var g = Evaluator.Evaluate(Grad.Of(x * y, x, y), Env.Of(("x", 3.0), ("y", -2.0)));
        Assert.Equal(-2.0, g[0].ToScalar());
        Assert.Equal(3.0, g[1].ToScalar());
    }

    [Fact]
    public void The_gradient_of_a_quotient_is_one_over_y_and_minus_x_over_y_squared()
    {
        var (x, y) = (Expr.Variable("x"), Expr.Variable("y"));
        var g = Evaluator.Evaluate(Grad.Of(x / y, x, y), Env.Of(("x", 3.0), ("y", -2.0)));
        Assert.Equal(1 / -2.0, g[0].ToScalar(), 1e-15);
        Assert.Equal(-3.0 / 4.0, g[1].ToScalar(), 1e-15);
    }

    [Fact]
    public void The_gradient_of_the_sum_of_exp_is_exp()
    {
        var xt = Rand([2, 3], 1);
        var x = Expr.Variable("x", [2, 3]);
        var g = Grad.Of(x.Exp().Sum(), x)[0].Evaluate(Env.Of(("x", xt)));
        AssertClose(Map(xt, Math.Exp), g, 1e-14);
    }

    [Fact]
    public void The_gradient_of_a_sum_of_squares_is_twice_the_input()
    {
        var xt = Rand([4, 3], 2);
        var x = Expr.Variable("x", [4, 3]);
        var g = Grad.Of(x.Square().Sum(), x)[0].Evaluate(Env.Of(("x", xt)));
        Assert.Equal(Map(xt, v => 2 * v), g);
    }

    [Fact]
    public void The_gradient_of_log_tanh_sqrt_and_pow_match_their_formulas()
    {
        var xt = Rand([5], 3, 0.2, 3);
        var x = Expr.Variable("x", [5]);
        var env = Env.Of(("x", xt));
        var cases = new (Expr F, Func<double, double> D)[]
        {
            (x.Log().Sum(), v => 1 / v),
            (x.Tanh().Sum(), v => 1 - Math.Tanh(v) * Math.Tanh(v)),
            (x.Sqrt().Sum(), v => 0.5 / Math.Sqrt(v)),
            (x.Pow(2.5).Sum(), v => 2.5 * Math.Pow(v, 1.5)),
            ((-x).Abs().Sum(), _ => 1),
            (x.Sigmoid().Sum(), v => Math.Exp(-v) / ((1 + Math.Exp(-v)) * (1 + Math.Exp(-v)))),
        };
        foreach (var (f, d) in cases)
            AssertClose(Map(xt, d), Grad.Of(f, x)[0].Evaluate(env), 1e-13);
    }

    [Fact]
    public void The_gradient_of_a_matrix_product_is_dy_times_b_transposed_and_a_transposed_times_dy()
    {
        var (at, bt, dyt) = (Rand([3, 4], 4), Rand([4, 5], 5), Rand([3, 5], 6));
        var (a, b) = (Expr.Variable("a", [3, 4]), Expr.Variable("b", [4, 5]));
        var g = Evaluator.Evaluate(Grad.Vjp(a.MatMul(b), Expr.Constant(dyt), a, b), Env.Of(("a", at), ("b", bt)));
        AssertClose(Tensor.FromMatrix(dyt.ToMatrix() * bt.ToMatrix().Transpose()), g[0]);
        AssertClose(Tensor.FromMatrix(at.ToMatrix().Transpose() * dyt.ToMatrix()), g[1]);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void The_gradient_of_a_transposed_matrix_product_matches_MathNet(bool ta, bool tb)
    {
        // y = op(a)·op(b) with op(a) [3,4] and op(b) [4,5].
        var at = ta ? Rand([4, 3], 7) : Rand([3, 4], 7);
        var bt = tb ? Rand([5, 4], 8) : Rand([4, 5], 8);
        var dyt = Rand([3, 5], 9);
        var (a, b) = (Expr.Variable("a", at.Shape), Expr.Variable("b", bt.Shape));
        var g = Evaluator.Evaluate(Grad.Vjp(a.MatMul(b, ta, tb), Expr.Constant(dyt), a, b), Env.Of(("a", at), ("b", bt)));
        Matrix<double> opA = ta ? at.ToMatrix().Transpose() : at.ToMatrix(), opB = tb ? bt.ToMatrix().Transpose() : bt.ToMatrix();
        var dOpA = dyt.ToMatrix() * opB.Transpose();
        var dOpB = opA.Transpose() * dyt.ToMatrix();
        AssertClose(Tensor.FromMatrix(ta ? dOpA.Transpose() : dOpA), g[0]);
        AssertClose(Tensor.FromMatrix(tb ? dOpB.Transpose() : dOpB), g[1]);
    }

    [Fact]
    public void The_gradient_of_a_shared_matrix_in_a_batched_product_sums_over_the_batch()
    {
        var (at, bt, dyt) = (Rand([2, 3, 4], 10), Rand([4, 5], 11), Rand([2, 3, 5], 12));
        var (a, b) = (Expr.Variable("a", [2, 3, 4]), Expr.Variable("b", [4, 5]));
        var g = Evaluator.Evaluate(Grad.Vjp(a.MatMul(b), Expr.Constant(dyt), a, b), Env.Of(("a", at), ("b", bt)));
        var db = Matrix<double>.Build.Dense(4, 5);
        for (var i = 0; i < 2; i++)
        {
            AssertClose(Tensor.FromMatrix(dyt.SubTensor(i).ToMatrix() * bt.ToMatrix().Transpose()), g[0].SubTensor(i));
            db += at.SubTensor(i).ToMatrix().Transpose() * dyt.SubTensor(i).ToMatrix();
        }
        AssertClose(Tensor.FromMatrix(db), g[1]);
    }

    [Fact]
    public void A_broadcast_operand_gets_the_cotangent_summed_over_the_broadcast_axes()
    {
        var (xt, bt, dyt) = (Rand([2, 3], 13), Rand([3], 14), Rand([2, 3], 15));
        var (x, b, c) = (Expr.Variable("x", [2, 3]), Expr.Variable("b", [3]), Expr.Variable("c", [2, 1]));
        var ct = Tensor.FromArray([2, 1], [0.5, -1.5]);
        var g = Evaluator.Evaluate(Grad.Vjp(x * b + c, Expr.Constant(dyt), x, b, c), Env.Of(("x", xt), ("b", bt), ("c", ct)));
        for (var j = 0; j < 3; j++)
            Assert.Equal(dyt[0, j] * xt[0, j] + dyt[1, j] * xt[1, j], g[1][j], 1e-14);
        for (var i = 0; i < 2; i++)
            Assert.Equal(dyt[i, 0] + dyt[i, 1] + dyt[i, 2], g[2][i, 0], 1e-14);
        AssertClose(Tensor.FromArray([2, 3], Enumerable.Range(0, 6).Select(k => dyt.Span[k] * bt.Span[k % 3]).ToArray()), g[0]);
    }

    [Fact]
    public void The_softmax_cross_entropy_gradient_is_softmax_minus_one_hot_over_the_batch()
    {
        var zt = Rand([3, 4], 16, -3, 3);
        var tt = Tensor.Vector(2, 0, 3);
        var z = Expr.Variable("z", [3, 4]);
        var g = Grad.Of(Expr.SoftmaxCrossEntropy(z, Expr.Variable("t", [3])), z)[0].Evaluate(Env.Of(("z", zt), ("t", tt)));
        for (var i = 0; i < 3; i++)
        {
            var denominator = Enumerable.Range(0, 4).Sum(j => Math.Exp(zt[i, j]));
            for (var j = 0; j < 4; j++)
            {
                var expected = (Math.Exp(zt[i, j]) / denominator - (j == (int)tt[i] ? 1 : 0)) / 3;
                Assert.Equal(expected, g[i, j], 1e-14);
            }
        }
    }

    [Fact]
    public void The_gradient_of_max_goes_to_the_maximum_and_ties_share_it_equally()
    {
        var x = Expr.Variable("x", [4]);
        var g = Grad.Of(x.Max(), x)[0].Evaluate(Env.Of(("x", Tensor.Vector(1, 3, -2, 3))));
        Assert.Equal(Tensor.Vector(0, 0.5, 0, 0.5), g);
    }

    [Fact]
    public void The_derivative_of_x_to_the_zero_is_zero_everywhere_including_at_zero()
    {
        var x = Expr.Variable("x");
        var env = Env.Of(("x", 0.0));
        Assert.Equal(0.0, Grad.Of(x.Pow(0), x)[0].Evaluate(env).ToScalar());
        var (_, tangent) = Grad.Jvp(x.Pow(0), env, Env.Of(("x", 1.0)));
        Assert.Equal(0.0, tangent.ToScalar());
    }

    [Fact]
    public void StopGradient_blocks_the_derivative_but_not_the_value()
    {
        var x = Expr.Variable("x");
        var g = Grad.Of(x * x.StopGradient(), x)[0].Evaluate(Env.Of(("x", 3.0)));
        Assert.Equal(3.0, g.ToScalar());
    }

    // ---- shared, repeated and unused variables ----

    [Fact]
    public void The_gradients_of_a_variable_used_twice_add_up()
    {
        var x = Expr.Variable("x", [3]);
        var xt = Tensor.Vector(1.5, -2, 0.25);
        var g = Grad.Of((x * x).Sum(), x)[0].Evaluate(Env.Of(("x", xt)));
        Assert.Equal(Tensor.Vector(3, -4, 0.5), g);
    }

    [Fact]
    public void Two_variable_nodes_with_one_name_are_one_variable_whose_gradients_add_up()
    {
        var (x1, x2) = (Expr.Variable("x"), Expr.Variable("x"));
        Assert.NotSame(x1, x2);
        var loss = x1 * x2 + x1;
        var env = Env.Of(("x", 2.5));
        Assert.Equal(2 * 2.5 + 1, Grad.Of(loss, x1)[0].Evaluate(env).ToScalar());
        Assert.Equal(2 * 2.5 + 1, Grad.ValueAndGrad(loss, env).Gradients["x"].ToScalar());
    }

    [Fact]
    public void A_variable_that_is_not_in_the_graph_gets_zeros_of_its_shape()
    {
        var x = Expr.Variable("x", [2]);
        var unused = Expr.Variable("unused", [3, 2]);
        var g = Grad.Vjp(x.Exp(), Expr.Constant(Tensor.Vector(1, 1)), x, unused);
        var values = Evaluator.Evaluate(g, Env.Of(("x", Tensor.Vector(0, 1))));
        Assert.Equal(Tensor.Zeros([3, 2]), values[1]);
        AssertClose(Tensor.Vector(1, Math.E), values[0], 1e-15);
        Assert.Equal(Tensor.Zeros([3, 2]), Grad.Of(x.Sum(), unused)[0].Evaluate());
    }

    [Fact]
    public void A_variable_the_loss_does_not_depend_on_through_comparisons_gets_zero()
    {
        var x = Expr.Variable("x", [3]);
        var mask = x > 0.0;
        var g = Grad.Of((mask * 5.0).Sum(), x)[0].Evaluate(Env.Of(("x", Tensor.Vector(-1, 1, 2))));
        Assert.Equal(Tensor.Zeros([3]), g);
    }

    [Fact]
    public void The_gradient_of_a_variable_with_respect_to_itself_is_one()
    {
        var x = Expr.Variable("x");
        Assert.Equal(1.0, Grad.Of(x, x)[0].Evaluate(Env.Of(("x", 7.0))).ToScalar());
    }

    [Fact]
    public void ValueAndGrad_returns_the_loss_and_the_named_gradients()
    {
        var (w, b) = (Expr.Variable("w", [2]), Expr.Variable("b"));
        var loss = (w * w).Sum() + 3.0 * b;
        var env = Env.Of(("w", Tensor.Vector(1, -2)), ("b", 4.0));
        var (value, grads) = Grad.ValueAndGrad(loss, env);
        Assert.Equal(1 + 4 + 12.0, value.ToScalar());
        Assert.Equal(Tensor.Vector(2, -4), grads["w"]);
        Assert.Equal(3.0, grads["b"].ToScalar());
        Assert.Equal(new[] { "w", "b" }, grads.Keys);
        var (_, onlyB) = Grad.ValueAndGrad(loss, env, "b");
        Assert.Equal(new[] { "b" }, onlyB.Keys);
        Assert.Throws<ArgumentException>(() => Grad.ValueAndGrad(loss, env, "nope"));
    }

    [Fact]
    public void Gradients_by_name_cover_every_variable_in_order_of_appearance()
    {
        var (a, b) = (Expr.Variable("a"), Expr.Variable("b"));
        var grads = Grad.Of(b * 2.0 + a * b);
        Assert.Equal(new[] { "b", "a" }, grads.Keys);
        var env = Env.Of(("a", 3.0), ("b", 5.0));
        Assert.Equal(5.0, grads["a"].Evaluate(env).ToScalar());
        Assert.Equal(2.0 + 3.0, grads["b"].Evaluate(env).ToScalar());
    }

    // ---- argument checks ----

    [Fact]
    public void Grad_of_a_non_scalar_throws_a_shape_exception()
    {
        var x = Expr.Variable("x", [3]);
        var e = Assert.Throws<ShapeException>(() => Grad.Of(x.Exp(), x));
        Assert.Contains("[3]", e.Message);
        Assert.Throws<ShapeException>(() => Grad.Of(x.Exp()));
        Assert.Throws<ShapeException>(() => Grad.ValueAndGrad(x * 2.0, Env.Of(("x", Tensor.Zeros([3])))));
    }

    [Fact]
    public void A_one_element_loss_of_any_rank_is_accepted()
    {
        var x = Expr.Variable("x", [1, 1]);
        var g = Grad.Of(x * 4.0, x)[0].Evaluate(Env.Of(("x", Tensor.Full([1, 1], 2))));
        Assert.Equal(Tensor.Full([1, 1], 4), g);
    }

    [Fact]
    public void Gradients_are_taken_only_with_respect_to_variables()
    {
        var x = Expr.Variable("x");
        Assert.Throws<ArgumentException>(() => Grad.Of(x * 2.0, x.Exp()));
    }

    [Fact]
    public void A_cotangent_of_the_wrong_shape_is_rejected()
    {
        var x = Expr.Variable("x", [2, 3]);
        Assert.Throws<ShapeException>(() => Grad.Vjp(x.Exp(), Expr.Constant(Tensor.Zeros([3, 2])), x));
    }

    // ---- higher derivatives ----

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void The_second_derivative_of_x_cubed_is_six_x(double at)
    {
        var x = Expr.Variable("x");
        var d1 = Grad.Of(x.Pow(3), x)[0];
        var d2 = Grad.Of(d1, x)[0];
        var env = Env.Of(("x", at));
        Assert.Equal(3 * at * at, d1.Evaluate(env).ToScalar(), 1e-14);
        Assert.Equal(6 * at, d2.Evaluate(env).ToScalar(), 1e-14);
    }

    [Theory]
    [InlineData(-1.2)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void The_second_derivative_of_tanh_matches_central_differences_of_the_first(double at)
    {
        var x = Expr.Variable("x");
        var d1 = Grad.Of(x.Tanh(), x)[0];
        var d2 = Grad.Of(d1, x)[0];
        double D1(double v) => d1.Evaluate(Env.Of(("x", v))).ToScalar();
        const double h = 1e-5;
        var fd = (D1(at + h) - D1(at - h)) / (2 * h);
        var exact = d2.Evaluate(Env.Of(("x", at))).ToScalar();
        Assert.Equal(fd, exact, 1e-8);
        var t = Math.Tanh(at);
        Assert.Equal(-2 * t * (1 - t * t), exact, 1e-14);
    }

    [Fact]
    public void The_third_derivative_of_exp_is_exp()
    {
        var x = Expr.Variable("x");
        var d = x.Exp();
        for (var k = 0; k < 3; k++) d = Grad.Of(d, x)[0];
        Assert.Equal(Math.Exp(0.4), d.Evaluate(Env.Of(("x", 0.4))).ToScalar(), 1e-15);
    }

    [Fact]
    public void A_Hessian_vector_product_by_forward_over_reverse_equals_H_v_by_hand()
    {
        // f = Σ x³ + (Σ x)²; ∇f = 3x² + 2Σx; H = diag(6x) + 2·ones; H v = 6x⊙v + 2(Σv)·1.
        var x = Expr.Variable("x", [5]);
        var f = x.Pow(3).Sum() + x.Sum().Square();
        var v = Expr.Variable("v", [5]);
        var hv = Grad.Jvp(Grad.Of(f, x)[0], new Dictionary<string, Expr> { ["x"] = v });
        var xt = Tensor.Vector(0.5, -1, 2, 0.25, -1.5);
        var vt = Tensor.Vector(1, 2, -1, 0.5, 3);
        var got = hv.Evaluate(Env.Of(("x", xt), ("v", vt)));
        var sumV = vt.ToArray().Sum();
        var expected = Zip(xt, vt, (xi, vi) => 6 * xi * vi + 2 * sumV);
        AssertClose(expected, got, 1e-14);
    }

    [Fact]
    public void A_Hessian_vector_product_by_reverse_over_reverse_agrees_with_forward_over_reverse()
    {
        var x = Expr.Variable("x", [5]);
        var f = (x.Tanh() * x).Sum() + x.Exp().Sum().Log();
        var v = Expr.Variable("v", [5]);
        var g = Grad.Of(f, x)[0];
        var forward = Grad.Jvp(g, new Dictionary<string, Expr> { ["x"] = v });
        var reverse = Grad.Of((g * v).Sum(), x)[0];
        var env = Env.Of(("x", Rand([5], 17)), ("v", Rand([5], 18)));
        var results = Evaluator.Evaluate([forward, reverse], env);
        AssertClose(results[1], results[0], 1e-13);
    }

    // ---- forward mode ----

    [Fact]
    public void Jvp_gives_the_value_and_the_directional_derivative_of_a_scalar_function()
    {
        // y = x·w + eˣ / w;  dy = dx·w + x·dw + eˣ·dx / w − eˣ·dw / w².
        var (x, w) = (Expr.Variable("x"), Expr.Variable("w"));
        var y = x * w + x.Exp() / w;
        var (value, tangent) = Grad.Jvp(y, Env.Of(("x", 0.5), ("w", 2.0)), Env.Of(("x", 0.3), ("w", -0.7)));
        var e = Math.Exp(0.5);
        Assert.Equal(0.5 * 2 + e / 2, value.ToScalar(), 1e-15);
        Assert.Equal(0.3 * 2 + 0.5 * -0.7 + e * 0.3 / 2 - e * -0.7 / 4, tangent.ToScalar(), 1e-14);
    }

    [Fact]
    public void Jvp_holds_variables_without_a_tangent_fixed()
    {
        var (x, w) = (Expr.Variable("x", [3]), Expr.Variable("w", [3]));
        var y = (x * w).Tanh();
        var (xt, wt, dxt) = (Rand([3], 19), Rand([3], 20), Rand([3], 21));
        var (value, tangent) = Grad.Jvp(y, Env.Of(("x", xt), ("w", wt)), Env.Of(("x", dxt)));
        for (var i = 0; i < 3; i++)
        {
            var t = Math.Tanh(xt[i] * wt[i]);
            Assert.Equal(t, value[i], 1e-15);
            Assert.Equal((1 - t * t) * wt[i] * dxt[i], tangent[i], 1e-15);
        }
    }

    [Fact]
    public void Jvp_through_a_reduction_and_a_matrix_product_matches_the_hand_formula()
    {
        // y = Σ (A·x)²  ⇒  dy = 2 Σ (A·x) ⊙ (dA·x + A·dx).
        var (a, x) = (Expr.Variable("a", [3, 4]), Expr.Variable("x", [4]));
        var y = a.MatMul(x).Square().Sum();
        var (at, xt, dat, dxt) = (Rand([3, 4], 22), Rand([4], 23), Rand([3, 4], 24), Rand([4], 25));
        var (value, tangent) = Grad.Jvp(y, Env.Of(("a", at), ("x", xt)), Env.Of(("a", dat), ("x", dxt)));
        var ax = at.ToMatrix() * xt.ToVector();
        var dax = dat.ToMatrix() * xt.ToVector() + at.ToMatrix() * dxt.ToVector();
        Assert.Equal(ax.DotProduct(ax), value.ToScalar(), 1e-12);
        Assert.Equal(2 * ax.DotProduct(dax), tangent.ToScalar(), 1e-12);
    }

    [Fact]
    public void Jvp_rejects_a_tangent_for_a_variable_the_expression_does_not_use()
    {
        var x = Expr.Variable("x");
        var e = Assert.Throws<ArgumentException>(() => Grad.Jvp(x * 2.0, Env.Of(("x", 1.0)), Env.Of(("z", 1.0))));
        Assert.Contains("'z'", e.Message);
    }

    [Fact]
    public void Jvp_with_no_tangents_is_zero()
    {
        var x = Expr.Variable("x", [2]);
        var (_, tangent) = Grad.Jvp(x.Exp(), Env.Of(("x", Tensor.Vector(1, 2))), Env.Empty);
        Assert.Equal(Tensor.Zeros([2]), tangent);
    }

    [Fact]
    public void Forward_and_reverse_mode_agree_on_a_matmul_tanh_graph()
    {
        // <J v, u> == <v, Jᵀ u> for y = tanh(x·W + b)·V, with no step size involved.
        var (x, w, b, vMat) = (Expr.Variable("x", [3, 4]), Expr.Variable("W", [4, 5]), Expr.Variable("b", [5]), Expr.Variable("V", [5, 2]));
        var y = (x.MatMul(w) + b).Tanh().MatMul(vMat);
        var env = Env.Of(("x", Rand([3, 4], 26)), ("W", Rand([4, 5], 27, -1, 1)), ("b", Rand([5], 28)), ("V", Rand([5, 2], 29)));
        var tangents = Env.Of(("x", Rand([3, 4], 30)), ("W", Rand([4, 5], 31)), ("b", Rand([5], 32)), ("V", Rand([5, 2], 33)));
        var u = Rand([3, 2], 34);

        var (_, jv) = Grad.Jvp(y, env, tangents);
        var jtu = Evaluator.Evaluate(Grad.Vjp(y, Expr.Constant(u), x, w, b, vMat), env);

        var lhs = Dot(jv, u);
        var rhs = Dot(tangents["x"], jtu[0]) + Dot(tangents["W"], jtu[1]) + Dot(tangents["b"], jtu[2]) + Dot(tangents["V"], jtu[3]);
        Assert.True(Math.Abs(lhs - rhs) <= 1e-12 * Math.Max(1, Math.Abs(lhs)), $"<Jv,u> = {lhs:R}, <v,Jᵀu> = {rhs:R}");
        Assert.True(Math.Abs(lhs) > 1e-3, "the check is vacuous if both sides are zero");
    }

    [Fact]
    public void Reverse_mode_matches_central_differences_along_a_random_direction()
    {
        var (x, w) = (Expr.Variable("x", [3, 4]), Expr.Variable("W", [4, 2]));
        var loss = (x.MatMul(w).Tanh().Square().Sum() + x.Softmax().Max(1).Sum()) * 0.5;
        var (xt, wt) = (Rand([3, 4], 35), Rand([4, 2], 36));
        var (dx, dw) = (Rand([3, 4], 37), Rand([4, 2], 38));
        var grads = Evaluator.Evaluate(Grad.Of(loss, x, w), Env.Of(("x", xt), ("W", wt)));
        double F(double s) => loss.Evaluate(Env.Of(
            ("x", Zip(xt, dx, (p, q) => p + s * q)),
            ("W", Zip(wt, dw, (p, q) => p + s * q)))).ToScalar();
        const double h = 1e-5;
        var fd = (F(h) - F(-h)) / (2 * h);
        var analytic = Dot(grads[0], dx) + Dot(grads[1], dw);
        Assert.Equal(fd, analytic, 1e-7);
    }
}
