using Dual.Track.Tests.WrongSolutions.TinyGpt;

namespace Dual.Track.Tests.Projects;

public class TinyGptGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("tiny-gpt")!;

    /// <summary>The named check, running the checks before it only (they are lazy), so a piece's test does not train.</summary>
    private static CheckResult Check(ITinyGpt gpt, string name) => Project.Check(gpt).First(c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check_and_trains_microgpt_on_names()
    {
        var result = Project.Grade(new global::Track.TinyGpt());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Where} {c.Expected} {c.Got} {c.Hint}"));
        Assert.Equal(
            ["rmsnorm backward", "attention backward", "mlp backward", "cross-entropy backward", "microgpt step gradients",
             "train names: first 20 losses", "train names: validation loss", "train names: sampled names"],
            result.Checks.Select(c => c.Name));

        var curve = Assert.Single(result.Checks, c => c.Name == "train names: validation loss").Figure;
        Assert.NotNull(curve);
        Assert.Equal(FigureKind.Lines, curve.Kind);
        var yours = curve.Series![0].Values;
        Assert.Equal(1000, yours.Count);
        Assert.Equal(3.365966947584851, yours[0], 1e-10);  // ln 27 ≈ 3.30 plus the initial weights' noise: microgpt's step 0

        var names = Assert.Single(result.Checks, c => c.Name == "train names: sampled names").Figure;
        Assert.NotNull(names);
        Assert.Equal(FigureKind.List, names.Kind);
        Assert.Equal(10, names.Items!.Count);
        Assert.All(names.Items, n => Assert.Matches("^[a-z]+$", n));
    }

    [Fact]
    public void It_trains_so_it_gets_the_training_time_limit() => Assert.Equal(TrackCatalog.TrainingTimeLimit, Project.TimeLimit);

    [Fact]
    public void The_grader_plain_loop_pieces_agree_with_dual_on_a_whole_microgpt_step()
    {
        // The plumbing around the reference pieces is the grader's own forward and backward: it must give Dual's numbers.
        var golden = Dual.Models.MicroGptGolden.Load();
        var trainer = Dual.Models.MicroGptTrainer.ForGolden(golden);
        var tokens = trainer.TokensAt(0);
        var (loss, expected) = trainer.ValueAndGrad(golden.Init, tokens);
        var (ours, got) = new Dual.Track.Projects.MicroGptPlumbing(trainer.Config).ValueAndGrad(new global::Track.TinyGpt(), golden.Init, tokens);
        Assert.Equal(golden.Losses[0], ours, 1e-12);
        Assert.Equal(loss, ours, 1e-12);
        Assert.All(expected.Keys, path => Assert.Equal(expected[path].ToArray(), got[path].ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12));
    }

    [Fact]
    public void The_plumbing_refuses_an_architecture_it_does_not_run() =>
        Assert.Throws<ArgumentException>(() => new Dual.Track.Projects.MicroGptPlumbing(new Dual.Models.GptConfig(27, 16, 4, 1, 16)));

    [Fact]
    public void Rmsnorm_without_the_path_through_the_mean_is_named()
    {
        var norm = Check(new RmsNormWithoutMeanPath(), "rmsnorm backward");
        Assert.Equal(CheckStatus.Failed, norm.Status);
        Assert.StartsWith("the path through the mean is missing", norm.Hint, StringComparison.Ordinal);
        Assert.Matches(@"^dX\[0,\d\]$", norm.Where);
        Assert.StartsWith("T=1, C=", norm.Input, StringComparison.Ordinal);
        Assert.Contains("finite differences", norm.Expected, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Check(new RmsNormWithoutMeanPath(), "attention backward").Status);
    }

    [Fact]
    public void Each_head_scaled_by_the_whole_width_is_named_and_the_step_then_fails()
    {
        var attention = Check(new AttentionScaledByWholeWidth(), "attention backward");
        Assert.Equal(CheckStatus.Failed, attention.Status);
        Assert.Equal("each head scales its scores by 1/√D with D = C/heads, its own size, not by 1/√C", attention.Hint);
        Assert.Contains("heads=2", attention.Input, StringComparison.Ordinal);

        var step = Check(new AttentionScaledByWholeWidth(), "microgpt step gradients");
        Assert.Equal(CheckStatus.Failed, step.Status);
        Assert.StartsWith("step 0: the name ", step.Input, StringComparison.Ordinal);
        Assert.StartsWith("make the piece checks above pass first", step.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relu_without_its_derivative_is_named()
    {
        var mlp = Check(new MlpWithoutReluDerivative(), "mlp backward");
        Assert.Equal(CheckStatus.Failed, mlp.Status);
        Assert.StartsWith("the ReLU's derivative is missing", mlp.Hint, StringComparison.Ordinal);
        Assert.StartsWith("T=1,", mlp.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sum_instead_of_a_mean_is_named_and_the_replayed_losses_leave_microgpt_at_step_one()
    {
        var result = Project.Grade(new CrossEntropySumNotMean());
        var ce = Assert.Single(result.Checks, c => c.Name == "cross-entropy backward");
        Assert.Equal("the loss is a mean over the T positions: dLogits = (softmax − one-hot)/T", ce.Hint);
        Assert.StartsWith("T=2,", ce.Input, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Assert.Single(result.Checks, c => c.Name == "microgpt step gradients").Status);

        // Adam nearly undoes a constant factor, so only the replay at 1e-10 sees it: step 0's loss is the grader's, step 1's is not microgpt's.
        var replay = Assert.Single(result.Checks, c => c.Name == "train names: first 20 losses");
        Assert.Equal(CheckStatus.Failed, replay.Status);
        Assert.Equal("step 1", replay.Where);
        Assert.Contains("the gradients of an earlier step are wrong", replay.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unwritten_starter_is_todo_in_every_check_without_training()
    {
        var result = Project.Grade(new Unwritten());
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Todo, c.Status));
        Assert.Equal(8, result.Checks.Count);
        Assert.Equal("CrossEntropyBackward is not written yet", Assert.Single(result.Checks, c => c.Name == "train names: validation loss").Message);
    }

    private sealed class Unwritten : ITinyGpt
    {
        public double[,] RmsNormBackward(double[,] x, double[,] dy, double eps) => throw new NotWrittenYetException("RmsNormBackward");

        public MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy) =>
            throw new NotWrittenYetException("AttentionBackward");

        public MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy) => throw new NotWrittenYetException("MlpBackward");

        public double[,] CrossEntropyBackward(double[,] logits, int[] targets) => throw new NotWrittenYetException("CrossEntropyBackward");
    }
}
