namespace Dual.Tests.Expressions;

/// <summary>Expr construction: shapes inferred at build, shape errors that say what and where, identity by reference.</summary>
public class ExprTests
{
    private static Expr V(string name, params int[] dims) => Expr.Variable(name, Shape.Create(dims));

    private static void AssertShape(Expr e, params int[] dims) => Assert.Equal(Shape.Create(dims), e.Shape);

    private static ShapeException AssertShapeError(Func<Expr> build, params string[] fragments)
    {
        var e = Assert.Throws<ShapeException>(() => build());
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        return e;
    }

    // ---- leaves ----

    [Fact]
    public void A_variable_has_its_name_shape_and_no_inputs()
    {
        var x = V("x", 2, 3);
        Assert.Equal(OpKind.Variable, x.Op);
        Assert.Equal("x", x.Name);
        AssertShape(x, 2, 3);
        Assert.True(x.IsLeaf);
        Assert.Empty(x.Inputs);
        Assert.Null(x.Value);
        AssertShape(Expr.Variable("s"));
    }

    [Fact]
    public void A_constant_holds_its_tensor_and_takes_its_shape()
    {
        var t = Tensor.Vector(1, 2, 3);
        var c = Expr.Constant(t);
        Assert.Equal(OpKind.Constant, c.Op);
        Assert.Same(t, c.Value);
        AssertShape(c, 3);
        Assert.Null(c.Name);
        Assert.Equal(Tensor.Scalar(2.5), Expr.Scalar(2.5).Value);
        Assert.Equal(Tensor.Ones([2]), Expr.Ones([2]).Value);
        Assert.Equal(Tensor.Zeros([2, 2]), Expr.Zeros([2, 2]).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("x\t")]
    [InlineData("\n")]
    public void Invalid_variable_names_are_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => Expr.Variable(name, [2]));
    }

    [Fact]
    public void A_null_variable_name_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Expr.Variable(null!, [2]));
    }

    [Fact]
    public void Path_like_names_are_valid()
    {
        Assert.Equal("h0/attn/wq", Expr.Variable("h0/attn/wq", [2, 2]).Name);
    }

    // ---- elementwise ----

    [Fact]
    public void Binary_operators_broadcast_their_shapes()
    {
        var x = V("x", 2, 3);
        AssertShape(x + V("b", 3), 2, 3);
        AssertShape(V("c", 2, 1) - V("r", 1, 3), 2, 3);
        AssertShape(V("a", 4, 1, 5) * V("b", 3, 1), 4, 3, 5);
        AssertShape(x / Expr.Scalar(2), 2, 3);
        AssertShape(x.Greater(V("y", 3)), 2, 3);
        AssertShape(Expr.Where(V("c", 2, 1), V("a", 3), 0.0), 2, 3);
    }

    [Fact]
    public void Unary_functions_keep_the_shape()
    {
        var x = V("x", 2, 3);
        foreach (var e in new[] { -x, x.Exp(), x.Log(), x.Tanh(), x.Sqrt(), x.Abs(), x.Sign(), x.Pow(3), x.StopGradient(), x.Sigmoid(), x.Relu(), x.Square() })
            AssertShape(e, 2, 3);
    }

    [Fact]
    public void Primitive_nodes_record_their_op_and_operands_in_order()
    {
        var (a, b) = (V("a", 2), V("b", 2));
        var y = a - b;
        Assert.Equal(OpKind.Sub, y.Op);
        Assert.Same(a, y.Inputs[0]);
        Assert.Same(b, y.Inputs[1]);
        Assert.False(y.IsLeaf);
        Assert.Equal(OpKind.Pow, a.Pow(3).Op);
        Assert.Equal(OpKind.Exp, a.Exp().Op);
        Assert.Equal(OpKind.Neg, (-a).Op);
    }

    [Fact]
    public void Incompatible_operands_throw_naming_the_op_both_shapes_and_a_variable()
    {
        AssertShapeError(() => V("x", 2, 3) + V("w", 4), "Add", "[2, 3]", "[4]", "near x, w");
        AssertShapeError(() => V("x", 2, 3) - V("w", 4), "Sub", "[2, 3]", "[4]", "near x, w");
        AssertShapeError(() => V("x", 2, 3) * V("w", 3, 2), "Mul", "[2, 3]", "[3, 2]", "near x, w");
        AssertShapeError(() => V("x", 5) / V("w", 4), "Div", "[5]", "[4]", "near x, w");
        AssertShapeError(() => V("x", 5).Greater(V("w", 4)), "Greater", "[5]", "[4]", "near x, w");
        AssertShapeError(() => Expr.Where(V("c", 5), V("a", 4), 0.0), "Where", "[5]", "[4]", "near c, a");
    }

    [Fact]
    public void A_shape_error_names_a_variable_found_below_unnamed_nodes()
    {
        var hidden = (V("input", 2, 3).Exp() * 2.0).Tanh();
        AssertShapeError(() => hidden + V("bias", 4), "Add", "[2, 3]", "[4]", "input", "bias");
    }

    [Fact]
    public void Operators_accept_numbers_on_either_side_as_scalar_constants()
    {
        var x = V("x", 2);
        foreach (var (e, op, constantFirst) in new[]
        {
            (x + 1.0, OpKind.Add, false), (1.0 + x, OpKind.Add, true),
            (x - 1.0, OpKind.Sub, false), (1.0 - x, OpKind.Sub, true),
            (x * 3.0, OpKind.Mul, false), (3.0 * x, OpKind.Mul, true),
            (x / 3.0, OpKind.Div, false), (3.0 / x, OpKind.Div, true),
        })
        {
            Assert.Equal(op, e.Op);
            AssertShape(e, 2);
            var (c, v) = constantFirst ? (e.Inputs[0], e.Inputs[1]) : (e.Inputs[1], e.Inputs[0]);
            Assert.Same(x, v);
            Assert.Equal(OpKind.Constant, c.Op);
            AssertShape(c);
        }
    }

    [Fact]
    public void A_node_used_twice_is_one_shared_node()
    {
        var x = V("x", 3);
        var h = x.Exp();
        var y = h * h;
        Assert.Same(y.Inputs[0], y.Inputs[1]);
        Assert.Same(h, y.Inputs[0]);
        var z = (h + 1.0) * (h - 1.0);
        Assert.Same(z.Inputs[0].Inputs[0], z.Inputs[1].Inputs[0]);
    }

    [Fact]
    public void Building_the_same_expression_twice_gives_distinct_nodes()
    {
        var x = V("x", 3);
        Assert.NotSame(x.Exp(), x.Exp());
        Assert.False(x.Exp().Equals(x.Exp()));
    }

    [Fact]
    public void Pow_rejects_a_non_finite_exponent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => V("x", 2).Pow(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => V("x", 2).Pow(double.PositiveInfinity));
    }

    // ---- matrix products ----

    [Fact]
    public void MatMul_of_matrices_has_the_outer_dimensions()
    {
        AssertShape(V("a", 2, 3).MatMul(V("b", 3, 4)), 2, 4);
        Assert.Equal(OpKind.MatMul, V("a", 2, 3).MatMul(V("b", 3, 4)).Op);
    }

    [Fact]
    public void MatMul_with_transposed_flags_reads_the_operands_transposed()
    {
        AssertShape(V("a", 3, 2).MatMul(V("b", 3, 4), true, false), 2, 4);
        AssertShape(V("a", 2, 3).MatMul(V("b", 4, 3), false, true), 2, 4);
        AssertShape(V("a", 3, 2).MatMul(V("b", 4, 3), true, true), 2, 4);
    }

    [Fact]
    public void MatMul_broadcasts_batch_axes()
    {
        AssertShape(V("a", 5, 2, 3).MatMul(V("b", 3, 4)), 5, 2, 4);
        AssertShape(V("a", 2, 3).MatMul(V("b", 5, 3, 4)), 5, 2, 4);
        AssertShape(V("a", 2, 1, 3, 4).MatMul(V("b", 5, 4, 6)), 2, 5, 3, 6);
        AssertShape(V("a", 7, 4, 3).MatMul(V("b", 7, 5, 4), true, true), 7, 3, 5);
    }

    [Fact]
    public void MatMul_with_vectors_drops_the_vector_axis_like_NumPy()
    {
        AssertShape(V("a", 3).MatMul(V("b", 3)));
        AssertShape(V("a", 3).MatMul(V("b", 3, 4)), 4);
        AssertShape(V("a", 2, 3).MatMul(V("b", 3)), 2);
        AssertShape(V("a", 3).MatMul(V("b", 5, 3, 4)), 5, 4);
        AssertShape(V("a", 5, 2, 3).MatMul(V("b", 3)), 5, 2);
    }

    [Fact]
    public void MatMul_with_mismatched_inner_dimensions_throws_naming_op_shapes_and_variables()
    {
        AssertShapeError(() => V("a", 2, 3).MatMul(V("b", 4, 5)), "MatMul", "[2, 3]", "[4, 5]", "near a, b");
        AssertShapeError(() => V("a", 2, 3).MatMul(V("b", 2, 3), false, false), "MatMul", "[2, 3]");
        AssertShapeError(() => V("a", 2, 3, 4).MatMul(V("b", 5, 4, 2)), "MatMul", "[2, 3, 4]", "[5, 4, 2]");
        AssertShapeError(() => V("s").MatMul(V("b", 2, 2), false, false), "MatMul", "[]", "[2, 2]", "near s");
    }

    [Fact]
    public void MatMul_with_transposed_flags_checks_the_transposed_inner_dimensions()
    {
        AssertShapeError(() => V("a", 2, 3).MatMul(V("b", 3, 4), true, false), "MatMul", "[2, 3]", "[3, 4]");
        AssertShapeError(() => V("a", 2, 3).MatMul(V("b", 3, 4), false, true), "MatMul", "[2, 3]", "[3, 4]");
    }

    // ---- reductions ----

    [Fact]
    public void Sum_and_Max_drop_or_keep_the_reduced_axes()
    {
        var x = V("x", 2, 3, 4);
        AssertShape(x.Sum(), []);
        AssertShape(x.Sum(keepDims: true), 1, 1, 1);
        AssertShape(x.Sum(1), 2, 4);
        AssertShape(x.Sum(-1), 2, 3);
        AssertShape(x.Sum([0, 2]), 3);
        AssertShape(x.Sum([0, 2], keepDims: true), 1, 3, 1);
        AssertShape(x.Max(), []);
        AssertShape(x.Max(0), 3, 4);
        AssertShape(x.Max(-2, keepDims: true), 2, 1, 4);
        AssertShape(x.Mean(1), 2, 4);
        AssertShape(x.Variance([0, 1], keepDims: true), 1, 1, 4);
        AssertShape(x.LogSumExp(), 2, 3);
        AssertShape(x.LogSumExp(1, keepDims: true), 2, 1, 4);
        AssertShape(x.Softmax(1), 2, 3, 4);
    }

    [Fact]
    public void A_reduction_over_a_bad_axis_throws_naming_the_op_shape_and_variable()
    {
        var x = V("x", 2, 3);
        AssertShapeError(() => x.Sum(2), "Sum", "2", "[2, 3]", "near x");
        AssertShapeError(() => x.Max(-3), "Max", "-3", "[2, 3]", "near x");
        AssertShapeError(() => x.Sum([0, -2]), "Sum", "twice", "near x");
    }

    // ---- layout ----

    [Fact]
    public void Transpose_permutes_the_dimensions()
    {
        var x = V("x", 2, 3, 4);
        AssertShape(x.Transpose(2, 0, 1), 4, 2, 3);
        AssertShape(x.Transpose(-1, 1, 0), 4, 3, 2);
        AssertShape(x.T, 2, 4, 3);
        AssertShape(V("m", 2, 5).T, 5, 2);
    }

    [Fact]
    public void Transpose_rejects_something_that_is_not_a_permutation()
    {
        var x = V("x", 2, 3, 4);
        AssertShapeError(() => x.Transpose(0, 0, 1), "Transpose", "[2, 3, 4]", "near x");
        AssertShapeError(() => x.Transpose(0, 1), "Transpose", "[2, 3, 4]", "near x");
        AssertShapeError(() => x.Transpose(0, 1, 3), "Transpose", "[2, 3, 4]", "near x");
        AssertShapeError(() => V("v", 3).T, "Transpose", "[3]", "near v");
    }

    [Fact]
    public void Reshape_takes_the_new_shape_and_rejects_a_different_size()
    {
        var x = V("x", 2, 3);
        AssertShape(x.Reshape([3, 2]), 3, 2);
        AssertShape(x.Reshape([6]), 6);
        AssertShape(x.Reshape([1, 6, 1]), 1, 6, 1);
        Assert.Same(x, x.Reshape([2, 3]));
        AssertShapeError(() => x.Reshape([4]), "Reshape", "[2, 3]", "[4]", "near x");
    }

    [Fact]
    public void BroadcastTo_takes_a_compatible_target_and_rejects_others()
    {
        var x = V("x", 3);
        AssertShape(x.BroadcastTo([2, 3]), 2, 3);
        AssertShape(V("c", 2, 1).BroadcastTo([4, 2, 5]), 4, 2, 5);
        Assert.Same(x, x.BroadcastTo([3]));
        AssertShapeError(() => V("y", 2).BroadcastTo([2, 3]), "BroadcastTo", "[2]", "[2, 3]", "near y");
        AssertShapeError(() => V("z", 2, 3).BroadcastTo([3]), "BroadcastTo", "[2, 3]", "[3]", "near z");
    }

    [Fact]
    public void Slice_keeps_the_block_counting_negative_positions_from_the_end()
    {
        var x = V("x", 4, 5);
        AssertShape(x.Slice(0, 1, 3), 2, 5);
        AssertShape(x.Slice(1, 1, -1), 4, 3);
        AssertShape(x.Slice(-1, -2, 5), 4, 2);
        AssertShape(x.Slice(0, 2, 2), 0, 5);
        AssertShape(Expr.SliceBlock(x, [1, 2], [3, 3]), 3, 3);
    }

    [Fact]
    public void Slice_out_of_range_throws_naming_the_op_and_shape()
    {
        var x = V("x", 4, 5);
        AssertShapeError(() => x.Slice(1, 3, 7), "Slice", "[4, 5]", "near x");
        AssertShapeError(() => x.Slice(0, 3, 1), "Slice", "[4, 5]", "near x");
        AssertShapeError(() => Expr.SliceBlock(x, [0], [1]), "Slice", "[4, 5]", "near x");
        AssertShapeError(() => Expr.SliceBlock(x, [2, 0], [3, 5]), "Slice", "[4, 5]", "near x");
    }

    [Fact]
    public void Pad_adds_the_amounts_before_and_after_each_axis()
    {
        AssertShape(V("x", 2, 3).Pad([1, 0], [0, 2]), 3, 5);
        AssertShape(V("x", 2, 3).Pad([0, 0], [0, 0]), 2, 3);
        AssertShapeError(() => V("x", 2, 3).Pad([1], [1]), "Pad", "[2, 3]", "near x");
        AssertShapeError(() => V("x", 2, 3).Pad([-1, 0], [0, 0]), "Pad", "[2, 3]", "near x");
    }

    [Fact]
    public void Concat_adds_up_the_joined_axis()
    {
        AssertShape(Expr.Concat(0, V("a", 2, 3), V("b", 1, 3)), 3, 3);
        AssertShape(Expr.Concat(-1, V("a", 2, 3), V("b", 2, 1), V("c", 2, 4)), 2, 8);
        var single = V("a", 2, 3);
        Assert.Same(single, Expr.Concat(1, single));
    }

    [Fact]
    public void Concat_of_operands_that_differ_off_the_axis_throws_naming_op_shapes_and_variables()
    {
        AssertShapeError(() => Expr.Concat(1, V("a", 2, 3), V("b", 3, 3)), "Concat", "[2, 3]", "[3, 3]", "near a");
        AssertShapeError(() => Expr.Concat(0, V("a", 2, 3), V("b", 3)), "Concat", "[2, 3]", "[3]");
        Assert.Throws<ShapeException>(() => Expr.Concat(0));
    }

    [Fact]
    public void Gather_replaces_the_axis_by_the_index_shape()
    {
        var table = V("table", 10, 4);
        AssertShape(table.Gather(V("ids", 2, 3)), 2, 3, 4);
        AssertShape(table.Gather(V("ids", 5)), 5, 4);
        AssertShape(table.Gather(V("ids", 3), axis: 1), 10, 3);
        AssertShape(table.Gather(V("ids", 3), axis: -1), 10, 3);
        AssertShape(table.Gather(Expr.Scalar(2)), 4);
    }

    [Fact]
    public void ScatterAdd_replaces_the_index_axes_by_the_size()
    {
        AssertShape(V("u", 4, 3).ScatterAdd(V("ids", 4), 0, 6), 6, 3);
        AssertShape(V("u", 2, 3, 5).ScatterAdd(V("ids", 2, 3), 0, 7), 7, 5);
        AssertShape(V("u", 2, 3).ScatterAdd(V("ids", 3), 1, 4), 2, 4);
        AssertShapeError(() => V("u", 2, 3).ScatterAdd(V("ids", 4), 0, 6), "ScatterAdd", "[2, 3]", "[4]", "near u");
        Assert.Throws<ArgumentOutOfRangeException>(() => V("u", 2, 3).ScatterAdd(V("ids", 2), 0, -1));
    }

    [Fact]
    public void ScatterAdd_accepts_a_negative_axis_like_Gather()
    {
        AssertShape(V("u", 2, 3).ScatterAdd(V("ids", 3), -1, 4), 2, 4);
    }

    [Fact]
    public void An_out_of_range_axis_throws_a_shape_exception_naming_the_op_and_variable()
    {
        var x = V("x", 2, 3);
        AssertShapeError(() => x.Slice(2, 0, 1), "Slice", "[2, 3]", "near x");
        AssertShapeError(() => x.Gather(V("i", 2), 2), "Gather", "[2, 3]", "near x");
        AssertShapeError(() => Expr.Concat(2, x, V("y", 2, 3)), "Concat", "[2, 3]", "near x");
    }

    [Fact]
    public void Composites_infer_their_shapes()
    {
        var logits = V("logits", 4, 5);
        AssertShape(Expr.SoftmaxCrossEntropy(logits, V("t", 4)));
        AssertShape(logits.LogSoftmax(), 4, 5);
        AssertShape(logits.Maximum(V("z", 5)), 4, 5);
        AssertShape(logits.Gelu(), 4, 5);
        AssertShape(logits.SumTo([1, 5]), 1, 5);
        AssertShapeError(() => Expr.SoftmaxCrossEntropy(logits, V("t", 5)), "SoftmaxCrossEntropy", "[5]", "[4, 5]", "near logits");
    }

    [Fact]
    public void ToString_shows_leaves_by_name_or_value_and_others_by_op_and_shape()
    {
        Assert.Equal("x[2, 3]", V("x", 2, 3).ToString());
        Assert.Equal("2.5", Expr.Scalar(2.5).ToString());
        Assert.Equal("const[2]", Expr.Constant(Tensor.Vector(1, 2)).ToString());
        Assert.Equal("Exp[2, 3]", V("x", 2, 3).Exp().ToString());
    }
}
