namespace Dual.Models.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Xor_has_the_four_corners_labelled_by_exclusive_or()
    {
        var xor = Datasets.Xor();

        Assert.Equal(Tensor.FromRows([0, 0], [0, 1], [1, 0], [1, 1]), xor.Inputs);
        Assert.Equal(Tensor.Vector(-1, 1, 1, -1), xor.Labels);
        Assert.Equal(Tensor.Vector(0, 1, 1, 0), Datasets.Xor(LabelEncoding.ZeroOne).Labels);
        Assert.Equal((4, 2, 2), (xor.Count, xor.Features, xor.Classes));
    }

    [Fact]
    public void Noiseless_moons_lie_on_their_half_circles()
    {
        // Class −1: the upper unit half circle x² + y² = 1, y ≥ 0.
        // Class +1: the lower half circle centred at (1, 0.5): (x − 1)² + (y − 0.5)² = 1, y ≤ 0.5.
        var moons = Datasets.Moons(101, noise: 0, seed: 3);

        Assert.Equal(Shape.Of(101, 2), moons.Inputs.Shape);
        Assert.Equal(50, moons.Labels.ToArray().Count(l => l == -1));
        Assert.Equal(51, moons.Labels.ToArray().Count(l => l == 1));
        for (var i = 0; i < moons.Count; i++)
        {
            double x = moons.Inputs[i, 0], y = moons.Inputs[i, 1];
            if (moons.Labels[i] < 0)
            {
                Assert.Equal(1.0, x * x + y * y, 12);
                Assert.True(y >= -1e-12);
            }
            else
            {
                Assert.Equal(1.0, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 12);
                Assert.True(y <= 0.5 + 1e-12);
            }
        }
    }

    [Fact]
    public void Moons_are_shuffled_then_given_noise_of_the_requested_size()
    {
        // The shuffle is drawn before the noise, so with one seed the noisy points are the noiseless
        // ones plus the noise: the differences have mean ≈ 0 and standard deviation ≈ σ.
        const double sigma = 0.1;
        var clean = Datasets.Moons(2000, 0, seed: 7);
        var noisy = Datasets.Moons(2000, sigma, seed: 7);

        Assert.Equal(clean.Labels, noisy.Labels);
        var diffs = clean.Inputs.ToArray().Zip(noisy.Inputs.ToArray(), (a, b) => b - a).ToArray();
        var mean = diffs.Average();
        var std = Math.Sqrt(diffs.Select(d => (d - mean) * (d - mean)).Average());
        Assert.InRange(mean, -0.01, 0.01);   // 4000 draws: the mean's standard error is 0.0016
        Assert.InRange(std, 0.095, 0.105);   // and the standard deviation's about 0.0011
        // Shuffled: the first 1000 rows are not all of one class, as they were before the shuffle.
        Assert.InRange(clean.Labels.ToArray().Take(1000).Count(l => l < 0), 400, 600);
    }

    [Fact]
    public void Moons_are_reproducible_from_the_seed()
    {
        Assert.Equal(Datasets.Moons(50, 0.1, 1).Inputs, Datasets.Moons(50, 0.1, 1).Inputs);
        Assert.NotEqual(Datasets.Moons(50, 0.1, 1).Inputs, Datasets.Moons(50, 0.1, 2).Inputs);
        Assert.Equal([0.0, 1.0], Datasets.Moons(50, 0.1, 1, LabelEncoding.ZeroOne).Labels.ToArray().Distinct().Order());
    }

    [Fact]
    public void Spirals_have_radius_growing_evenly_along_each_arm()
    {
        // Point i of n on an arm has radius i/(n − 1), whatever the angle noise.
        var spirals = Datasets.Spirals(pointsPerClass: 5, classes: 3, noise: 0.2, seed: 1);

        Assert.Equal(Shape.Of(15, 2), spirals.Inputs.Shape);
        Assert.Equal(3, spirals.Classes);
        for (var row = 0; row < 15; row++)
        {
            var (j, i) = (row / 5, row % 5);
            Assert.Equal(j, spirals.Labels[row]);
            Assert.Equal(i / 4.0, Math.Sqrt(spirals.Inputs[row, 0] * spirals.Inputs[row, 0] + spirals.Inputs[row, 1] * spirals.Inputs[row, 1]), 12);
        }
    }

    [Fact]
    public void Noiseless_spirals_follow_the_angle_formula()
    {
        // Class 1, last point: r = 1, t = 4·1 + 4 = 8 → (sin 8, cos 8).
        var spirals = Datasets.Spirals(4, 2, noise: 0);
        Assert.Equal(Math.Sin(8), spirals.Inputs[7, 0], 14);
        Assert.Equal(Math.Cos(8), spirals.Inputs[7, 1], 14);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => Datasets.Moons(1, 0.1, 0));
        Assert.ThrowsAny<ArgumentException>(() => Datasets.Moons(10, -0.1, 0));
        Assert.ThrowsAny<ArgumentException>(() => Datasets.Moons(10, double.NaN, 0));
        Assert.ThrowsAny<ArgumentException>(() => Datasets.Spirals(10, 1));
        Assert.ThrowsAny<ArgumentException>(() => Datasets.Spirals(1, 3));
    }
}
