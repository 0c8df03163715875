using Dual.Track.Tests.WrongSolutions.Network;

namespace Dual.Track.Tests.Projects;

public class NetworkGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("network")!;

    private static CheckResult Check(INetwork network, string name) => Assert.Single(Project.Check(network), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check_and_trains_xor_and_moons()
    {
        var result = Project.Grade(new global::Track.Network());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.StartsWith("accuracy 1 ", Assert.Single(result.Checks, c => c.Name == "train xor").Message, StringComparison.Ordinal);
        Assert.Contains(result.Checks, c => c.Name == "train moons");
    }

    [Fact]
    public void The_plain_loop_backward_of_the_grader_agrees_with_dual()
    {
        // The suspects are variants of the grader's own loop backward; without a mistake it must be Dual's gradient.
        var c = new Dual.Track.Projects.NetworkCase(2, [2, 3, 1], [0.5, -1, 0.25, 0.75], [1, -1],
            [[0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [0.7, -0.8, 0.9]], [[0.01, 0.02, -0.03], [0.05]]);
        var loops = Dual.Track.Projects.NetworkGrader.ManualBackward(c, Dual.Track.Projects.NetworkGrader.Mistake.None);
        var reference = new global::Track.Network().Backward(c.XMatrix, c.YMatrix, c.Layers);
        for (var l = 0; l < 2; l++)
        {
            Assert.Equal(reference[l].DB, loops[l].DB, (a, b) => Math.Abs(a - b) < 1e-12);
        }
    }

    [Fact]
    public void A_missing_tanh_derivative_is_named()
    {
        var dw = Check(new NoTanhDerivative(), "dW (every layer)");
        Assert.Equal(CheckStatus.Failed, dw.Status);
        Assert.Equal("the tanh derivative is missing: between layers, dz = dh ⊙ (1 − h²)", dw.Hint);
        // Only layers before the last see a tanh; the shrunk case keeps its depth (FsCheck shrinks rows, units and values).
        Assert.Matches(@"^layer \d dW\[", dw.Where);
        Assert.Matches(@"widths=\[\d,1,1(,1)?,?\d?\]", dw.Input);
    }

    [Fact]
    public void Tanh_applied_twice_is_named()
    {
        var db = Check(new TanhAppliedTwice(), "db (every layer)");
        Assert.StartsWith("tanh is applied twice", db.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sum_instead_of_a_mean_and_a_flipped_sign_are_named_and_the_flipped_sign_cannot_train()
    {
        var sum = Check(new SumNotMean(), "dW (every layer)");
        Assert.Equal("the loss is a mean: dOutput = 2(output − y) / (number of elements)", sum.Hint);
        Assert.StartsWith("batch=1,", sum.Input, StringComparison.Ordinal);

        var flipped = Project.Grade(new LossSignFlipped());
        Assert.Equal("the sign is flipped: dOutput = 2(output − y)/n, not 2(y − output)/n", Assert.Single(flipped.Checks, c => c.Name == "db (every layer)").Hint);
        var xor = Assert.Single(flipped.Checks, c => c.Name == "train xor");
        Assert.Equal(CheckStatus.Failed, xor.Status);
        // Gradient ascent on a squared error runs away: reported as divergence, not as a crash.
        Assert.Equal("the network's outputs became NaN or infinite during training: it diverged", xor.Message);
    }

    [Fact]
    public void Training_carries_the_loss_curve_of_the_learners_backward_beside_the_graders()
    {
        var xor = Check(new global::Track.Network(), "train xor");
        var figure = xor.Figure;
        Assert.NotNull(figure);
        Assert.Equal(FigureKind.Lines, figure.Kind);
        Assert.True(figure.LogY);
        // 1000 steps, a loss every 4th: 250 points at x = 0, 4, 8, ….
        Assert.Equal(4, figure.XStep);
        Assert.Equal(["your backward", "the grader's backward"], figure.Series!.Select(s => s.Name));
        var (yours, graders) = (figure.Series![0].Values, figure.Series![1].Values);
        Assert.Equal(250, yours.Count);
        Assert.Equal(graders, yours, (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a)));
        // Labels ±1 and small starting weights: the first loss is near 1; a trained XOR is far below.
        Assert.InRange(yours[0], 0.5, 1.5);
        Assert.True(yours[^1] < 0.1, $"last loss {yours[^1]}");

        var diverged = Check(new LossSignFlipped(), "train xor").Figure;
        Assert.NotNull(diverged);
        Assert.Contains(diverged.Series![0].Values, v => !double.IsFinite(v) || v > 10);
    }
}
