namespace Dual.Tests.Ops;

/// <summary>
/// Every argument check of the shape rules, one mismatch at a time: each row breaks exactly one
/// condition of a check (so a rule that tested only one side of an <c>||</c>, or joined them with
/// <c>&amp;&amp;</c>, fails a row), and the accepted rows sit right on each boundary (so an off-by-one
/// in a comparison fails too). Rejections name the mismatch in words a user can act on; accepted
/// rows state the shape a person works out by hand.
/// </summary>
public class ShapeRuleTableTests
{
    private static Expr V(string name, params int[] dims) => Expr.Variable(name, Shape.Create(dims));

    private static readonly Expr X = V("x", 4, 5);
    private static readonly Expr Idx = Expr.Constant(Tensor.FromRows([0, 2, 1], [1, 1, 0]));

    public static readonly Dictionary<string, (Func<Expr> Build, string Message)> Rejected = new()
    {
        // Slice: starts and sizes each need one entry per axis; each bound of the block on its own.
        ["slice: starts too short"] = (() => Expr.SliceBlock(X, [0], [1, 1]), "a slice of [4, 5] needs 2 starts and sizes"),
        ["slice: sizes too short"] = (() => Expr.SliceBlock(X, [0, 0], [1]), "a slice of [4, 5] needs 2 starts and sizes"),
        ["slice: starts too long"] = (() => Expr.SliceBlock(X, [0, 0, 0], [1, 1]), "a slice of [4, 5] needs 2 starts and sizes"),
        ["slice: sizes too long"] = (() => Expr.SliceBlock(X, [0, 0], [1, 1, 1]), "a slice of [4, 5] needs 2 starts and sizes"),
        ["slice: negative start"] = (() => Expr.SliceBlock(X, [-1, 0], [1, 1]), "block [-1, 0) is out of range for axis 0 of [4, 5]"),
        ["slice: negative size"] = (() => Expr.SliceBlock(X, [0, 0], [1, -1]), "block [0, -1) is out of range for axis 1 of [4, 5]"),
        ["slice: end past axis 0"] = (() => Expr.SliceBlock(X, [1, 0], [4, 5]), "block [1, 5) is out of range for axis 0 of [4, 5]"),
        ["slice: end past axis 1"] = (() => Expr.SliceBlock(X, [0, 3], [4, 3]), "block [3, 6) is out of range for axis 1 of [4, 5]"),
        // Pad: lengths of before and after, and the sign of each.
        ["pad: before too short"] = (() => X.Pad([1], [0, 0]), "padding of [4, 5] needs 2 non-negative amounts before and after"),
        ["pad: after too short"] = (() => X.Pad([0, 0], [1]), "padding of [4, 5] needs 2 non-negative amounts before and after"),
        ["pad: before too long"] = (() => X.Pad([0, 0, 0], [0, 0]), "padding of [4, 5] needs 2 non-negative amounts before and after"),
        ["pad: after too long"] = (() => X.Pad([0, 0], [0, 0, 1]), "padding of [4, 5] needs 2 non-negative amounts before and after"),
        ["pad: negative before"] = (() => X.Pad([0, -1], [0, 0]), "padding of [4, 5] needs 2 non-negative amounts before and after"),
        ["pad: negative after"] = (() => X.Pad([0, 0], [-1, 0]), "padding of [4, 5] needs 2 non-negative amounts before and after"),
        // Concat: the rank, and every axis other than the joined one.
        ["concat: lower rank"] = (() => Expr.Concat(0, X, V("y", 5)), "operands [4, 5], [5] differ off axis 0"),
        ["concat: higher rank"] = (() => Expr.Concat(0, X, V("y", 1, 4, 5)), "operands [4, 5], [1, 4, 5] differ off axis 0"),
        ["concat: off-axis mismatch, axis 0"] = (() => Expr.Concat(0, X, V("y", 4, 4)), "operands [4, 5], [4, 4] differ off axis 0"),
        ["concat: off-axis mismatch, axis 1"] = (() => Expr.Concat(1, X, V("y", 3, 5)), "operands [4, 5], [3, 5] differ off axis 1"),
        ["concat: third operand differs"] = (() => Expr.Concat(1, X, V("y", 4, 1), V("z", 5, 1)), "operands [4, 5], [4, 1], [5, 1] differ off axis 1"),
        // Reshape, transpose, broadcast.
        ["reshape: fewer values"] = (() => X.Reshape([4, 4]), "cannot reshape [4, 5] (20 values) to [4, 4] (16 values)"),
        ["reshape: more values"] = (() => X.Reshape([21]), "cannot reshape [4, 5] (20 values) to [21] (21 values)"),
        ["transpose: too few axes"] = (() => X.Transpose(0), "[0] is not a permutation of the 2 axes of [4, 5]"),
        ["transpose: too many axes"] = (() => X.Transpose(0, 1, 2), "[0, 1, 2] is not a permutation of the 2 axes of [4, 5]"),
        ["transpose: repeated axis"] = (() => X.Transpose(1, 1), "[1, 1] is not a permutation of the 2 axes of [4, 5]"),
        ["transpose: out-of-range axis"] = (() => X.Transpose(0, 2), "[0, 2] is not a permutation of the 2 axes of [4, 5]"),
        ["broadcast: incompatible axis"] = (() => X.BroadcastTo([4, 6]), "cannot broadcast [4, 5] to [4, 6]"),
        ["broadcast: to lower rank"] = (() => X.BroadcastTo([5]), "cannot broadcast [4, 5] to [5]"),
        // MatMul: each operand's rank, the inner dimension, the batch axes.
        // (A vector operand is promoted by the builder; the rule's own rank check is tested directly below.)
        ["matmul: inner dims differ"] = (() => V("a", 2, 5).MatMul(V("b", 4, 2)), "inner dimensions differ: [2, 5] · [4, 2] (5 vs 4)"),
        ["matmul: inner dims differ with aᵀ"] = (() => V("a", 2, 5).MatMul(V("b", 5, 2), true, false), "inner dimensions differ: [2, 5]ᵀ · [5, 2] (2 vs 5)"),
        ["matmul: inner dims differ with bᵀ"] = (() => V("a", 2, 5).MatMul(V("b", 5, 2), false, true), "inner dimensions differ: [2, 5] · [5, 2]ᵀ (5 vs 2)"),
        ["matmul: batch axes differ"] = (() => V("a", 3, 2, 5).MatMul(V("b", 2, 5, 2)), "batch dimensions of [3, 2, 5] and [2, 5, 2] do not broadcast"),
        // Broadcasting elementwise ops.
        ["add: shapes do not broadcast"] = (() => X + V("y", 4), "shapes [4, 5] and [4] do not broadcast together"),
        ["where: condition does not broadcast"] = (() => Expr.Where(V("c", 3), X, X), "shapes [3] and [4, 5] and [4, 5] do not broadcast together"),
        ["where: false branch does not broadcast"] = (() => Expr.Where(X, X, V("y", 2, 5)), "shapes [4, 5] and [4, 5] and [2, 5] do not broadcast together"),
        // ScatterAdd: updates must hold the index shape at the axis — too few axes, or other sizes there.
        ["scatter-add: index shape differs at first index axis"] = (() => V("u", 3, 3, 7).ScatterAdd(Idx, 0, 4), "updates [3, 3, 7] do not hold index shape [2, 3] at axis 0"),
        ["scatter-add: index shape differs at axis 1"] = (() => V("u", 7, 3, 3).ScatterAdd(Idx, 1, 4), "updates [7, 3, 3] do not hold index shape [2, 3] at axis 1"),
        ["scatter-add: index shape differs at second index axis"] = (() => V("u", 2, 2, 7).ScatterAdd(Idx, 0, 4), "updates [2, 2, 7] do not hold index shape [2, 3] at axis 0"),
    };

    public static readonly Dictionary<string, (Func<Expr> Build, int[] Dims)> Accepted = new()
    {
        ["slice: the whole tensor"] = (() => Expr.SliceBlock(X, [0, 0], [4, 5]), [4, 5]),
        ["slice: block ending on the last element"] = (() => Expr.SliceBlock(X, [3, 2], [1, 3]), [1, 3]),
        ["slice: empty block at the end"] = (() => Expr.SliceBlock(X, [4, 5], [0, 0]), [0, 0]),
        ["pad: nothing"] = (() => X.Pad([0, 0], [0, 0]), [4, 5]),
        ["pad: before and after differ per axis"] = (() => X.Pad([1, 0], [2, 3]), [7, 8]),
        ["concat: along axis 1, three operands"] = (() => Expr.Concat(1, X, V("y", 4, 1), V("z", 4, 2)), [4, 8]),
        ["concat: along axis 0"] = (() => Expr.Concat(0, X, V("y", 2, 5)), [6, 5]),
        ["transpose: identity"] = (() => X.Transpose(0, 1), [4, 5]),
        ["transpose: rank 3"] = (() => V("y", 2, 3, 4).Transpose(2, 0, 1), [4, 2, 3]),
        ["broadcast: new leading axis and a size-1 axis"] = (() => V("y", 4, 1).BroadcastTo([3, 4, 5]), [3, 4, 5]),
        ["matmul: batch broadcast"] = (() => V("a", 3, 1, 2, 5).MatMul(V("b", 4, 5, 6)), [3, 4, 2, 6]),
        ["matmul: aᵀbᵀ"] = (() => V("a", 5, 2).MatMul(V("b", 6, 5), true, true), [2, 6]),
        ["where: three shapes broadcast"] = (() => Expr.Where(V("c", 4, 1), V("a", 5), V("b", 1, 1)), [4, 5]),
        // Gather: x's axes before the axis, then the index axes, then x's axes after it.
        ["gather: rank 2, axis 0, index matrix"] = (() => X.Gather(Idx, 0), [2, 3, 5]),
        ["gather: rank 2, axis 1, index matrix"] = (() => X.Gather(Idx, 1), [4, 2, 3]),
        ["gather: rank 3, axis 1, index vector"] = (() => V("y", 2, 3, 4).Gather(Expr.Constant(Tensor.Vector(0, 2, 2, 1, 0)), 1), [2, 5, 4]),
        ["gather: rank 3, last axis, index matrix"] = (() => V("y", 2, 3, 4).Gather(Idx, 2), [2, 3, 2, 3]),
        ["gather: rank 3, axis 0, scalar index"] = (() => V("y", 2, 3, 4).Gather(Expr.Scalar(1), 0), [3, 4]),
        ["gather: rank 4, axis 2, index matrix"] = (() => V("y", 2, 3, 4, 5).Gather(Idx, 2), [2, 3, 2, 3, 5]),
        // ScatterAdd: the inverse rearrangement, with the axis of the given size.
        ["scatter-add: rank 3 updates, axis 0"] = (() => V("u", 2, 3, 5).ScatterAdd(Idx, 0, 4), [4, 5]),
        ["scatter-add: rank 3 updates, axis 1"] = (() => V("u", 4, 2, 3).ScatterAdd(Idx, 1, 7), [4, 7]),
        ["scatter-add: rank 4 updates, axis 1"] = (() => V("u", 4, 2, 3, 5).ScatterAdd(Idx, 1, 3), [4, 3, 5]),
        ["scatter-add: updates exactly the index shape"] = (() => V("u", 2, 3).ScatterAdd(Idx, 0, 4), [4]),
        ["scatter-add: index vector, last axis"] = (() => V("u", 4, 3).ScatterAdd(Expr.Constant(Tensor.Vector(0, 1, 1)), 1, 2), [4, 2]),
    };

    public static TheoryData<string> RejectedRows() => [.. Rejected.Keys];

    public static TheoryData<string> AcceptedRows() => [.. Accepted.Keys];

    [Theory, MemberData(nameof(RejectedRows))]
    public void A_single_mismatch_is_rejected_with_a_message_that_names_it(string row)
    {
        var (build, message) = Rejected[row];
        var e = Assert.Throws<ShapeException>(() => build());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(AcceptedRows))]
    public void A_case_on_the_boundary_is_accepted_with_the_shape_worked_out_by_hand(string row)
    {
        var (build, dims) = Accepted[row];
        var y = build();
        Assert.Equal(Shape.Create(dims), y.Shape);
        // The kernel agrees with the rule: evaluating writes exactly that many values.
        var env = Env.Of([.. Graph.Variables(y).Select(v => (v.Name!, Tensor.RandomUniform(v.Shape, 7, -1, 1)))]);
        Assert.Equal(y.Shape, y.Evaluate(env).Shape);
    }

    [Fact]
    public void The_shape_rules_reject_directly_too()
    {
        // The rules themselves (OpDef.InferShape) check their arguments, not only the Expr builders in front of them.
        Assert.Throws<ShapeException>(() => Primitives.Slice.InferShape([X], new SliceAttribute([0, 0], [5, 1])));
        Assert.Throws<ShapeException>(() => Primitives.Slice.InferShape([X], new SliceAttribute([0, 0], [1])));
        Assert.Throws<ShapeException>(() => Primitives.Pad.InferShape([X], new PadAttribute([0], [0, 0])));
        Assert.Throws<ShapeException>(() => Primitives.Pad.InferShape([X], new PadAttribute([0, 0], [0, -2])));
        Assert.Equal("needs at least one operand", Assert.Throws<ShapeException>(() => Primitives.Concat.InferShape([], new AxisAttribute(0))).Message);
        Assert.Equal("operands need rank 2 or more, got [5] and [5, 2]",
            Assert.Throws<ShapeException>(() => Primitives.MatMul.InferShape([V("a", 5), V("b", 5, 2)], MatMulAttribute.None)).Message);
        Assert.Equal("operands need rank 2 or more, got [2, 5] and [5]",
            Assert.Throws<ShapeException>(() => Primitives.MatMul.InferShape([V("a", 2, 5), V("b", 5)], MatMulAttribute.None)).Message);
        Assert.Equal(Shape.Create([2, 2]), Primitives.MatMul.InferShape([V("a", 2, 5), V("b", 5, 2)], MatMulAttribute.None));
        Assert.Equal(Shape.Create([2, 3, 5]), Primitives.Gather.InferShape([X, Idx], new AxisAttribute(0)));
        // Updates with fewer axes than the axis plus the index rank (the builder's axis check stops this earlier).
        Assert.Equal("updates [2, 3] do not hold index shape [2, 3] at axis 1",
            Assert.Throws<ShapeException>(() => Primitives.ScatterAdd.InferShape([V("u", 2, 3), Idx], new ScatterAttribute(1, 4))).Message);
        Assert.Equal(Shape.Create([4, 7]), Primitives.ScatterAdd.InferShape([V("u", 4, 2, 3), Idx], new ScatterAttribute(1, 7)));
    }
}
