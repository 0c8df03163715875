namespace Dual.Models.Tests.Optimizers;

public class AdamWTests
{
    private const double Eps = 1e-8;

    [Fact]
    public void Two_steps_decay_the_matrix_and_not_the_bias()
    {
        // η = 0.1, λ = 0.1, β₁ = 0.9, β₂ = 0.999; w is [1, 1] (decayed by default), b is [1] (not).
        // Both start at 1 with gradients 0.5 then −0.25, so their Adam directions are those of AdamTests:
        //   a₁ = 0.5/(0.5 + ε),  a₂ = (0.02/0.19)/(√(0.00031225/0.001999) + ε).
        // b: b₁ = 1 − 0.1·a₁;             b₂ = b₁ − 0.1·a₂
        // w: w₁ = 1 − 0.1·(a₁ + 0.1·1);   w₂ = w₁ − 0.1·(a₂ + 0.1·w₁)
        var a1 = 0.5 / (0.5 + Eps);
        var a2 = (0.02 / 0.19) / (Math.Sqrt(0.00031225 / 0.001999) + Eps);
        var b1 = 1 - 0.1 * a1;
        var b2 = b1 - 0.1 * a2;
        var w1 = 1 - 0.1 * (a1 + 0.1 * 1);
        var w2 = w1 - 0.1 * (a2 + 0.1 * w1);

        var adamW = new AdamW(0.1, weightDecay: 0.1);
        var p = Ps.Of(("w", Tensor.FromRows([1.0])), ("b", Tensor.Vector(1.0)));
        Params G(double g) => Ps.Of(("w", Tensor.FromRows([g])), ("b", Tensor.Vector(g)));
        var (p1, s1) = adamW.Update(p, G(0.5), adamW.Init(p));
        var (p2, _) = adamW.Update(p1, G(-0.25), s1);

        Assert.Equal(w1, p1["w"][0, 0], 14);
        Assert.Equal(b1, p1["b"][0], 14);
        Assert.Equal(w2, p2["w"][0, 0], 14);
        Assert.Equal(b2, p2["b"][0], 14);
        Assert.Equal(0.89, p1["w"][0, 0], 7);
    }

    [Fact]
    public void Decay_applies_only_to_the_chosen_paths()
    {
        // With a zero gradient the Adam direction is 0 (m = v = 0), so only the decay moves p:
        // chosen: 2 − 0.5·0.2·2 = 1.8; others stay 2, even a matrix.
        var adamW = new AdamW(0.5, weightDecay: 0.2, decays: AdamW.Only("b"));
        var p = Ps.Of(("w", Tensor.FromRows([2.0])), ("b", Tensor.Vector(2.0)));
        var g = Ps.Of(("w", Tensor.FromRows([0.0])), ("b", Tensor.Vector(0.0)));

        var (p1, _) = adamW.Update(p, g, adamW.Init(p));

        Assert.Equal(2.0, p1["w"][0, 0], 15);
        Assert.Equal(1.8, p1["b"][0], 15);
    }

    [Fact]
    public void With_zero_decay_it_is_adam()
    {
        var p = Ps.Of(("w", Tensor.FromRows([1.0, -1.0])));
        var g = Ps.Of(("w", Tensor.FromRows([0.3, 0.7])));
        var adam = new Adam(0.05);
        var adamW = new AdamW(0.05, weightDecay: 0);

        var (viaAdam, _) = adam.Update(p, g, adam.Init(p));
        var (viaAdamW, _) = adamW.Update(p, g, adamW.Init(p));

        Assert.Equal(viaAdam["w"], viaAdamW["w"]);
    }

    [Fact]
    public void Decay_reaches_every_element_of_a_long_matrix()
    {
        // 2×5 = 10 elements (vector body and scalar tail); zero gradient, so p' = p − η·λ·p exactly.
        var adamW = new AdamW(0.5, weightDecay: 0.2);
        var w = Tensor.FromRows([1.0, -2.0, 3.0, -4.0, 5.0], [0.5, 0.25, -8.0, 16.0, 1e-3]);
        var p = Ps.Of(("w", w));
        var (p1, _) = adamW.Update(p, Ps.Of(("w", Tensor.Zeros(w.Shape))), adamW.Init(p));

        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 5; j++)
                Assert.Equal(w[i, j] - 0.5 * (0.2 * w[i, j]), p1["w"][i, j], 15);
    }
}
