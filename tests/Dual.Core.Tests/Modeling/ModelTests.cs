namespace Dual.Tests.Modeling;

/// <summary>Model descriptions: query syntax, scopes, repetition, and seeded initialisation.</summary>
public class ModelTests
{
    private static Model<Expr> Linear(Expr x, int fanOut) =>
        from w in Model.Param("w", [x.Shape[^1], fanOut], Init.Kaiming)
        from b in Model.Param("b", [fanOut], Init.Zeros)
        select x.MatMul(w) + b;

    private static readonly Expr X = Expr.Variable("x", [4, 3]);

    [Fact]
    public void Query_syntax_declares_parameters_in_order_and_builds_the_graph()
    {
        var built = Linear(X, 2).Build();
        Assert.Equal(["w", "b"], built.Parameters.Select(p => p.Path));
        Assert.Equal(Shape.Of(3, 2), built.Parameters[0].Shape);
        Assert.Equal(Shape.Of(4, 2), built.Value.Shape);
        Assert.Equal(8, built.ParameterCount);
    }

    [Fact]
    public void Named_scopes_nest_parameter_paths()
    {
        var model =
            from h in Linear(X, 5).Named("l1")
            from y in Linear(h.Tanh(), 1).Named("l2")
            select y;
        var built = model.Named("mlp").Build();
        Assert.Equal(["mlp.l1.w", "mlp.l1.b", "mlp.l2.w", "mlp.l2.b"], built.Parameters.Select(p => p.Path));
        Assert.Equal(built.Parameters.Select(p => p.Path).Append("x").Order(StringComparer.Ordinal),
            Graph.Variables(built.Value).Select(v => v.Name!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Then_chains_layers_like_select_many()
    {
        var built = Linear(X, 5).Named("a").Then(h => Linear(h.Relu(), 2).Named("b")).Build();
        Assert.Equal(4, built.Parameters.Count);
        Assert.Equal(Shape.Of(4, 2), built.Value.Shape);
    }

    [Fact]
    public void Declaring_a_name_twice_is_a_clear_error()
    {
        var model = from a in Linear(X, 3) from b in Linear(a, 3) select b;
        var e = Assert.Throws<InvalidOperationException>(() => model.Build());
        Assert.Contains("'w'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeat_stacks_blocks_under_numbered_scopes()
    {
        var built = Model.Repeat(3, Expr.Variable("x", [2, 4]), (h, _) => Linear(h, 4).Select(y => y.Tanh())).Build();
        Assert.Equal(["h0.w", "h0.b", "h1.w", "h1.b", "h2.w", "h2.b"], built.Parameters.Select(p => p.Path));
    }

    [Fact]
    public void Init_is_deterministic_per_seed_and_per_path()
    {
        var small = Linear(X, 2).Named("l1").Build();
        var large = (from h in Linear(X, 3).Named("l0") from y in Linear(h, 2).Named("l1") select y).Build();
        var a = small.Init(7);
        Assert.True(a["l1.w"].Equals(small.Init(7)["l1.w"]));
        Assert.False(a["l1.w"].Equals(small.Init(8)["l1.w"]));
        // Adding a layer before it leaves l1's initial weights as they were.
        Assert.True(a["l1.w"].Equals(large.Init(7)["l1.w"]));
        Assert.True(a["l1.b"].Equals(Tensor.Zeros([2])));
    }

    [Fact]
    public void Init_values_are_pinned_across_machines()
    {
        // MathNet's Mersenne Twister seeded from FNV-1a(seed, path): an algorithm, not a per-process hash.
        var first = Model.Param("w", [3], Init.Uniform(0, 1)).Build().Init(42)["w"];
        var again = Model.Param("w", [3], Init.Uniform(0, 1)).Build().Init(42)["w"];
        Assert.True(first.Equals(again));
        Assert.All(first.ToArray(), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Kaiming_has_the_documented_spread()
    {
        var w = Model.Param("w", [400, 300], Init.Kaiming).Build().Init(1)["w"].ToArray();
        var std = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.Equal(Math.Sqrt(2.0 / 400), std, 2e-3);
        var xavier = Model.Param("w", [400, 300], Init.Xavier).Build().Init(1)["w"].ToArray();
        Assert.InRange(xavier.Max(Math.Abs), 0, Math.Sqrt(6.0 / 700));
    }

    [Fact]
    public void Params_validate_names_missing_extra_and_misshapen_entries()
    {
        var built = Linear(X, 2).Build();
        var good = built.Init(0);
        good.Validate(built.Parameters);
        var bad = Params.Of([new("w", Tensor.Zeros([3, 3])), new("extra", Tensor.Scalar(1))]);
        var e = Assert.Throws<ArgumentException>(() => bad.Validate(built.Parameters));
        Assert.Contains("missing: b", e.Message, StringComparison.Ordinal);
        Assert.Contains("not in the model: extra", e.Message, StringComparison.Ordinal);
        Assert.Contains("w is [3, 3], declared [3, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Params_validate_in_any_order_but_not_against_a_list_that_names_one_parameter_twice()
    {
        var built = Linear(X, 2).Build();
        var good = built.Init(0);
        good.Validate([.. built.Parameters.Reverse()]);
        var twice = new[] { built.Parameters[0], built.Parameters[0] };
        var e = Assert.Throws<ArgumentException>(() => good.Validate(twice));
        Assert.Contains("not in the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Params_bind_for_evaluation_and_summarise()
    {
        var built = Linear(X, 2).Build();
        var p = built.Init(3);
        var env = p.ToEnv(Env.Of(("x", Tensor.Ones([4, 3]))));
        var y = built.Value.Evaluate(env);
        var w = p["w"];
        Assert.Equal(w[0, 1] + w[1, 1] + w[2, 1], y[2, 1], 1e-12);
        Assert.Contains("2 tensors, 8 parameters", p.Summary(), StringComparison.Ordinal);
        Assert.Equal(8, p.TotalSize);
    }
}

/// <summary>Model.Declared: penalties over every parameter a description has declared.</summary>
public class DeclaredParameterTests
{
    [Fact]
    public void Declared_lists_the_parameters_declared_so_far_in_order()
    {
        var x = Expr.Variable("x", [2, 3]);
        var model =
            from w in Model.Param("w", [3, 4], Init.Kaiming).Named("l1")
            from b in Model.Param("b", [4], Init.Zeros).Named("l1")
            from ps in Model.Declared()
            select (Output: x.MatMul(w) + b, Penalty: ps.Select(p => p.Square().Sum()).Aggregate((s, t) => s + t));
        var built = model.Build();
        var p = built.Init(1);
        var penalty = built.Value.Penalty.Evaluate(p.ToEnv()).ToScalar();
        var expected = p.Values.Sum(t => t.ToArray().Sum(v => v * v));
        Assert.Equal(expected, penalty, 1e-12);
    }
}
