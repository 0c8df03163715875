namespace Dual.Models.Tests.Optimizers;

public class LearningRateScheduleTests
{
    [Fact]
    public void Constant_is_the_same_at_every_step()
    {
        var schedule = LearningRateSchedule.Constant(0.3);
        Assert.All(new[] { 0, 1, 1000 }, k => Assert.Equal(0.3, schedule.At(k)));
        LearningRateSchedule fromNumber = 0.25;
        Assert.Equal(0.25, fromNumber.At(7));
    }

    [Theory]
    // micrograd's moons schedule 1.0 − 0.9·k/100, then held at its end value.
    [InlineData(0, 1.0)]
    [InlineData(50, 0.55)]
    [InlineData(99, 0.109)]
    [InlineData(100, 0.1)]
    [InlineData(250, 0.1)]
    public void Linear_goes_straight_from_start_to_end(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.Linear(1.0, 0.1, 100).At(step), 14);

    [Theory]
    // 0.5·(1 − k/10), then 0.
    [InlineData(0, 0.5)]
    [InlineData(5, 0.25)]
    [InlineData(9, 0.05)]
    [InlineData(10, 0.0)]
    [InlineData(11, 0.0)]
    public void Linear_decay_reaches_zero(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.LinearDecay(0.5, 10).At(step), 14);

    [Theory]
    // Peak 1, minimum 0.1, 10 warm-up steps of a 110-step schedule.
    [InlineData(0, 0.1)]                  // 1·(0 + 1)/10
    [InlineData(4, 0.5)]                  // 1·(4 + 1)/10
    [InlineData(9, 1.0)]                  // the end of the warm-up reaches the peak
    [InlineData(10, 1.0)]                 // r = 0: 0.1 + ½(1 + cos 0)·0.9
    [InlineData(35, 0.86819805153394639)] // r = ¼: 0.1 + ½(1 + √2/2)·0.9
    [InlineData(60, 0.55)]                // r = ½: 0.1 + ½·0.9
    [InlineData(109, 0.10022204783542078)] // r = 99/100: 0.1 + ½(1 + cos 0.99π)·0.9 (cos 0.99π = −0.99950656…)
    [InlineData(110, 0.1)]                // done: the minimum
    [InlineData(500, 0.1)]
    public void Warmup_cosine_rises_linearly_then_follows_half_a_cosine(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.WarmupCosine(1.0, 10, 110, 0.1).At(step), 13);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_rate_is_rejected(double rate)
    {
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.Constant(rate));
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.Linear(rate, 0, 10));
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.WarmupCosine(rate, 1, 10));
        Assert.Throws<ArgumentException>(() => new Sgd(rate));
        Assert.Throws<ArgumentException>(() => new Adam(rate));
    }

    [Fact]
    public void A_custom_schedule_that_returns_a_bad_rate_fails_at_that_step()
    {
        var schedule = LearningRateSchedule.Custom(k => 1.0 - k, "one-minus-k");

        Assert.Equal(1.0, schedule.At(0));
        var e = Assert.Throws<InvalidOperationException>(() => schedule.At(2));
        Assert.Contains("one-minus-k", e.Message, StringComparison.Ordinal);
        Assert.Contains("step 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warm_up_longer_than_the_schedule_is_rejected() =>
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.WarmupCosine(1.0, 20, 10));
}
