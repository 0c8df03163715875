namespace Dual.Models.Tests.Optimizers;

public class AdamTests
{
    private const double Eps = 1e-8;

    [Fact]
    public void Two_steps_match_the_hand_computed_updates_with_bias_correction()
    {
        // η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, p = 1.
        // Step 1 (t = 1), g = 0.5:
        //   m = 0.1·0.5 = 0.05;  v = 0.001·0.25 = 0.00025
        //   m̂ = 0.05/(1 − 0.9) = 0.5;  v̂ = 0.00025/(1 − 0.999) = 0.25;  √v̂ = 0.5
        //   p₁ = 1 − 0.1·0.5/(0.5 + ε)   (≈ 0.9: Adam's first step is ≈ η·sign(g))
        // Step 2 (t = 2), g = −0.25:
        //   m = 0.9·0.05 + 0.1·(−0.25) = 0.02;  v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
        //   m̂ = 0.02/(1 − 0.81) = 0.02/0.19;  v̂ = 0.00031225/(1 − 0.998001) = 0.00031225/0.001999
        //   p₂ = p₁ − 0.1·m̂/(√v̂ + ε)
        var p1Expected = 1 - 0.1 * 0.5 / (0.5 + Eps);
        var p2Expected = p1Expected - 0.1 * (0.02 / 0.19) / (Math.Sqrt(0.00031225 / 0.001999) + Eps);

        var adam = new Adam(0.1, 0.9, 0.999, Eps);
        var (p1, s1) = adam.Update(Ps.P(1.0), Ps.P(0.5), adam.Init(Ps.P(1.0)));
        var (p2, s2) = adam.Update(p1, Ps.P(-0.25), s1);

        Assert.Equal(0.05, Ps.Value(s1[Adam.FirstMomentSlot]), 15);
        Assert.Equal(0.00025, Ps.Value(s1[Adam.SecondMomentSlot]), 15);
        Assert.Equal(p1Expected, Ps.Value(p1), 14);
        Assert.Equal(0.02, Ps.Value(s2[Adam.FirstMomentSlot]), 15);
        Assert.Equal(0.00031225, Ps.Value(s2[Adam.SecondMomentSlot]), 15);
        Assert.Equal(p2Expected, Ps.Value(p2), 14);
        Assert.Equal(0.873366, Ps.Value(p2), 6); // ≈ 0.9 − 0.1·0.1052632/0.3952254 = 0.9 − 0.0266337
        Assert.Equal(2, s2.Step);
    }

    [Fact]
    public void Each_element_is_scaled_by_its_own_second_moment()
    {
        // First step: m̂ = g and v̂ = g² for every element, so the step is η·g/(|g| + ε) ≈ η·sign(g),
        // whatever the gradient's size: [100, −0.001] both move by ≈ 0.1.
        var adam = new Adam(0.1);
        var p = Ps.Of(("p", Tensor.Vector(0.0, 0.0)));
        var (p1, _) = adam.Update(p, Ps.Of(("p", Tensor.Vector(100.0, -0.001))), adam.Init(p));

        Assert.Equal(-0.1 * 100 / (100 + 1e-8), p1["p"][0], 15);
        Assert.Equal(0.1 * 0.001 / (0.001 + 1e-8), p1["p"][1], 15);
    }

    [Fact]
    public void Update_leaves_its_inputs_unchanged()
    {
        var adam = new Adam(0.1);
        var p = Ps.Of(("w", Tensor.FromRows([1.0, 2.0], [3.0, 4.0])));
        var g = Ps.Of(("w", Tensor.FromRows([0.1, -0.2], [0.3, -0.4])));
        var s = adam.Init(p);
        var snapshots = new[] { Ps.Snapshot(p), Ps.Snapshot(g), Ps.Snapshot(s["m"]), Ps.Snapshot(s["v"]) };

        var (p1, s1) = adam.Update(p, g, s);

        Ps.Unchanged(snapshots[0], p);
        Ps.Unchanged(snapshots[1], g);
        Ps.Unchanged(snapshots[2], s["m"]);
        Ps.Unchanged(snapshots[3], s["v"]);
        Assert.Equal(0, s.Step);
        Assert.NotEqual(p["w"], p1["w"]);
        Assert.NotEqual(s["m"]["w"], s1["m"]["w"]);
    }

    [Fact]
    public void The_state_exposes_moments_keyed_like_the_parameters()
    {
        var adam = new Adam(0.01);
        var p = Ps.Of(("l0.w", Tensor.Zeros(Shape.Of(2, 3))), ("l0.b", Tensor.Zeros(Shape.Of(3))));

        var state = adam.Init(p);

        Assert.Equal(["m", "v"], state.SlotNames);
        Assert.Equal(["l0.w", "l0.b"], state["m"].Keys);
        Assert.Equal(Shape.Of(2, 3), state["v"]["l0.w"].Shape);
        Assert.All(state.Slots.SelectMany(s => s.Value.Values), t => Assert.All(t.ToArray(), x => Assert.Equal(0.0, x)));
    }

    [Fact]
    public void Long_tensors_update_every_element_by_the_formula_whatever_its_position()
    {
        // 11 elements: the update runs four at a time with a scalar tail, so this covers both, and the
        // element at index 10 (tail) repeats index 1 (vector body): it must come out bit for bit the same.
        double[] p0 = [0.3, -1.2, 2.5, 0.0, 7.0, -0.4, 1e-3, 3.3, -2.2, 0.9, -1.2];
        double[] g0 = [0.5, -0.25, 1e-6, 3.0, -7.5, 0.1, 0.0, -0.3, 2.2, -1e3, -0.25];
        double[] g1 = [-0.1, 0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9, -1.0, 0.2];
        const double lr = 0.05, b1 = 0.85, b2 = 0.99, eps = 1e-8;
        var adam = new Adam(lr, b1, b2, eps);
        var p = Ps.Of(("w", Tensor.Vector(p0)));
        var (p1, s1) = adam.Update(p, Ps.Of(("w", Tensor.Vector(g0))), adam.Init(p));
        var (p2, _) = adam.Update(p1, Ps.Of(("w", Tensor.Vector(g1))), s1);

        for (var i = 0; i < p0.Length; i++)
        {
            // Two steps of Adam for one scalar, written out.
            double m = (1 - b1) * g0[i], v = (1 - b2) * g0[i] * g0[i];
            var x = p0[i] - lr * (m / (1 - b1) / (Math.Sqrt(v / (1 - b2)) + eps));
            m = b1 * m + (1 - b1) * g1[i];
            v = b2 * v + (1 - b2) * g1[i] * g1[i];
            x -= lr * (m / (1 - b1 * b1) / (Math.Sqrt(v / (1 - b2 * b2)) + eps));
            Assert.Equal(x, p2["w"][i], 1e-14);
        }
        Assert.Equal(p2["w"][1], p2["w"][10]);
    }
    [Fact]
    public void An_update_split_over_both_cores_gives_every_element_the_scalar_formulas_bits()
    {
        // 2,545 elements in three tensors: over the two-core threshold, the halves meeting inside "b".
        int[] sizes = [1000, 1537, 8];
        var p = Ps.Of([.. sizes.Select((n, t) => ($"t{t}", Tensor.Generate([n], i => Math.Sin(7 * t + 0.37 * i))))]);
        var g = Ps.Of([.. sizes.Select((n, t) => ($"t{t}", Tensor.Generate([n], i => Math.Cos(3 * t + 1.1 * i) * (i % 5 == 0 ? 1e3 : 1e-2))))]);
        const double lr = 0.01, b1 = 0.85, b2 = 0.99, eps = 1e-8;
        var adam = new Adam(lr, b1, b2, eps);
        var (p1, _) = adam.Update(p, g, adam.Init(p));
        foreach (var (path, before) in p)
            for (var i = 0; i < before.Shape.Size; i++)
            {
                var gi = g[path][i];
                double m = (1 - b1) * gi, v = (1 - b2) * gi * gi;
                var expected = before[i] - lr * (m / (1 - b1) / (Math.Sqrt(v / (1 - b2)) + eps) + 0.0 * before[i]);
                Assert.True(expected.Equals(p1[path][i]), $"{path}[{i}]: {p1[path][i]:R}, expected {expected:R}");
            }
    }
}
