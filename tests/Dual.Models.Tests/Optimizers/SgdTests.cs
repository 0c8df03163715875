namespace Dual.Models.Tests.Optimizers;

public class SgdTests
{
    [Fact]
    public void Two_plain_steps_match_the_hand_computed_updates()
    {
        // p ← p − η·g with η = 0.1.
        // p = [1, −2]; g₁ = [0.5, 1]  → p₁ = [1 − 0.05, −2 − 0.1]    = [0.95, −2.1]
        //              g₂ = [−0.25, 2] → p₂ = [0.95 + 0.025, −2.1 − 0.2] = [0.975, −2.3]
        var sgd = new Sgd(0.1);
        var p0 = Ps.Of(("p", Tensor.Vector(1.0, -2.0)));
        var s0 = sgd.Init(p0);

        var (p1, s1) = sgd.Update(p0, Ps.Of(("p", Tensor.Vector(0.5, 1.0))), s0);
        var (p2, s2) = sgd.Update(p1, Ps.Of(("p", Tensor.Vector(-0.25, 2.0))), s1);

        Assert.Equal(0.95, p1["p"][0], 15);
        Assert.Equal(-2.1, p1["p"][1], 15);
        Assert.Equal(0.975, p2["p"][0], 15);
        Assert.Equal(-2.3, p2["p"][1], 14);
        Assert.Equal([0, 1, 2], new[] { s0.Step, s1.Step, s2.Step });
        Assert.Empty(s2.SlotNames);
    }

    [Fact]
    public void Two_momentum_steps_match_the_hand_computed_updates()
    {
        // v ← μv + g, p ← p − η·v with μ = 0.9, η = 0.1, p = 1.
        // g₁ = 0.5:   v₁ = 0.5,                   p₁ = 1 − 0.05    = 0.95
        // g₂ = −0.25: v₂ = 0.9·0.5 − 0.25 = 0.2,  p₂ = 0.95 − 0.02 = 0.93
        var sgd = new Sgd(0.1, momentum: 0.9);
        var (p1, s1) = sgd.Update(Ps.P(1.0), Ps.P(0.5), sgd.Init(Ps.P(1.0)));
        var (p2, s2) = sgd.Update(p1, Ps.P(-0.25), s1);

        Assert.Equal(0.95, Ps.Value(p1), 15);
        Assert.Equal(0.5, Ps.Value(s1[Sgd.VelocitySlot]), 15);
        Assert.Equal(0.93, Ps.Value(p2), 15);
        Assert.Equal(0.2, Ps.Value(s2[Sgd.VelocitySlot]), 15);
    }

    [Fact]
    public void Two_nesterov_steps_match_the_hand_computed_updates()
    {
        // v ← μv + g, p ← p − η·(g + μv) with μ = 0.9, η = 0.1, p = 1.
        // g₁ = 0.5:   v₁ = 0.5, step = 0.5 + 0.45 = 0.95,   p₁ = 1 − 0.095     = 0.905
        // g₂ = −0.25: v₂ = 0.2, step = −0.25 + 0.18 = −0.07, p₂ = 0.905 + 0.007 = 0.912
        var sgd = new Sgd(0.1, momentum: 0.9, nesterov: true);
        var (p1, s1) = sgd.Update(Ps.P(1.0), Ps.P(0.5), sgd.Init(Ps.P(1.0)));
        var (p2, s2) = sgd.Update(p1, Ps.P(-0.25), s1);

        Assert.Equal(0.905, Ps.Value(p1), 15);
        Assert.Equal(0.912, Ps.Value(p2), 15);
        Assert.Equal(0.2, Ps.Value(s2[Sgd.VelocitySlot]), 15);
    }

    [Fact]
    public void A_schedule_sets_each_steps_learning_rate()
    {
        // η₀ = 1.0, η₁ = 0.5 (linear 1 → 0 over 2 steps); g = 1 both times: p = 0 − 1 − 0.5 = −1.5.
        var sgd = new Sgd(LearningRateSchedule.LinearDecay(1.0, 2));
        var (p1, s1) = sgd.Update(Ps.P(0), Ps.P(1), sgd.Init(Ps.P(0)));
        var (p2, _) = sgd.Update(p1, Ps.P(1), s1);

        Assert.Equal(-1.0, Ps.Value(p1), 15);
        Assert.Equal(-1.5, Ps.Value(p2), 15);
    }

    [Fact]
    public void Update_leaves_parameters_gradients_and_state_unchanged()
    {
        var sgd = new Sgd(0.1, momentum: 0.9);
        var p = Ps.Of(("a", Tensor.Vector(1.0, 2.0)), ("b", Tensor.Scalar(3.0)));
        var g = Ps.Of(("a", Tensor.Vector(0.5, -0.5)), ("b", Tensor.Scalar(1.0)));
        var (_, state) = sgd.Update(p, g, sgd.Init(p));
        var (snapP, snapG, snapV) = (Ps.Snapshot(p), Ps.Snapshot(g), Ps.Snapshot(state[Sgd.VelocitySlot]));

        var (p2, state2) = sgd.Update(p, g, state);

        Ps.Unchanged(snapP, p);
        Ps.Unchanged(snapG, g);
        Ps.Unchanged(snapV, state[Sgd.VelocitySlot]);
        Assert.Equal(1, state.Step);
        Assert.Equal(2, state2.Step);
        Assert.NotEqual(p["a"], p2["a"]);
        Assert.Equal(["a", "b"], p2.Keys);
    }
}
