using Dual.Track.Projects;
using Dual.Track.Tests.WrongSolutions.Softmax;

namespace Dual.Track.Tests.Projects;

public class SoftmaxGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("softmax")!;

    private static CheckResult Check(ISoftmaxCrossEntropy solution, string name) => Assert.Single(Project.Check(solution), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.SoftmaxCrossEntropy());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.Equal(
            ["softmax", "loss", "dlogits", "softmax at |logits| up to 1e4", "loss at |logits| up to 1e4", "dlogits at |logits| up to 1e4"],
            result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void The_graders_reference_agrees_with_Duals_softmax_and_loss_at_logits_of_1e4()
    {
        var c = new SoftmaxCase(2, 3, [9999.5, -10000, 9998.25, 0, -7500.75, 812], [2, 1]);
        var z = Expr.Variable("z", Shape.Of(2, 3));
        var env = Env.Of(("z", Tensor.FromArray(z.Shape, c.Logits)));
        var loss = Expr.SoftmaxCrossEntropy(z, Expr.Constant(Tensor.Vector(2, 1)));
        var dual = Evaluator.Evaluate(z.Softmax(), env).ToArray();
        var ours = StableReference.Softmax(c);
        Assert.All(dual.Zip(ours), t => Assert.Equal(t.First, t.Second, 1e-15));
        // The label 1 of row 1 is 8312.75 below the row's maximum: a loss of 4156.375 on average, finite.
        Assert.Equal(Evaluator.Evaluate(loss, env).ToScalar(), StableReference.Loss(c), 1e-9);
        Assert.Equal(Grad.ValueAndGrad(loss, env, "z").Gradients["z"].ToArray(), StableReference.Backward(c), (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void Softmax_without_the_max_shift_passes_small_logits_and_gives_nan_at_large_ones_with_the_shift_as_hint()
    {
        Assert.Equal(CheckStatus.Passed, Check(new NoMaxShift(), "softmax").Status);
        var large = Check(new NoMaxShift(), "softmax at |logits| up to 1e4");
        Assert.Equal(CheckStatus.Failed, large.Status);
        Assert.Equal("NaN", large.Got);
        Assert.StartsWith("batch=1, classes=2,", large.Input, StringComparison.Ordinal);
        Assert.Contains("at logits of magnitude up to", large.Message, StringComparison.Ordinal);
        Assert.StartsWith("exp overflows above about 709 (exp(1000) = ∞, and ∞/∞ = NaN)", large.Hint, StringComparison.Ordinal);
        Assert.Contains("subtract each row's maximum before exp", large.Hint, StringComparison.Ordinal);
        var loss = Check(new NoMaxShift(), "loss at |logits| up to 1e4");
        // Its loss is −log of that softmax: with a logit of 1134 beside the label's 0, p[y] = 1/(1 + ∞) = 0.
        Assert.Equal("batch=1, classes=2, logits=[[0, 1134]], labels=[0]", loss.Input);
        Assert.Equal("Infinity", loss.Got);
        Assert.StartsWith("log of a probability that underflowed to 0 is -∞", loss.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Forgetting_to_divide_by_the_batch_fails_at_a_batch_of_two_and_is_named()
    {
        var d = Check(new ForgotBatchDivide(), "dlogits");
        Assert.Equal(CheckStatus.Failed, d.Status);
        Assert.StartsWith("batch=2, classes=", d.Input, StringComparison.Ordinal);
        Assert.StartsWith("you did not divide by the batch size", d.Hint, StringComparison.Ordinal);
        Assert.Contains("finite differences", d.Expected, StringComparison.Ordinal);
        // At large logits the same mistake shows again, on a case that keeps a large logit.
        var large = Check(new ForgotBatchDivide(), "dlogits at |logits| up to 1e4");
        Assert.StartsWith("you did not divide by the batch size", large.Hint, StringComparison.Ordinal);
        Assert.Contains("at logits of magnitude up to 1", large.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_onehot_is_named()
    {
        var d = Check(new NoOnehot(), "dlogits");
        Assert.StartsWith("batch=1, classes=1,", d.Input, StringComparison.Ordinal);
        Assert.Equal("the onehot is missing: subtract 1 at each row's label, dZ = (p − onehot(y)) / batch", d.Hint);
    }

    [Fact]
    public void A_flipped_gradient_sign_is_named_per_element()
    {
        var d = Check(new GradientSignFlipped(), "dlogits");
        Assert.Equal("dZ[0,0]", d.Where);
        Assert.StartsWith("batch=1, classes=2,", d.Input, StringComparison.Ordinal);
        Assert.Equal("the sign is flipped: dZ = (p − onehot(y)) / batch, not (onehot(y) − p) / batch", d.Hint);
    }

    [Fact]
    public void One_based_labels_throw_at_label_zero_and_the_hint_says_labels_count_from_zero()
    {
        var d = Check(new OneBasedLabels(), "dlogits");
        Assert.StartsWith("dlogits threw IndexOutOfRangeException", d.Message, StringComparison.Ordinal);
        Assert.Contains("labels=[0]", d.Input, StringComparison.Ordinal);
        Assert.StartsWith("labels are class indices from 0 to classes − 1", d.Hint, StringComparison.Ordinal);
        Assert.Equal(d.Hint, Check(new OneBasedLabels(), "dlogits at |logits| up to 1e4").Hint);
    }

    [Fact]
    public void The_log_of_the_softmax_is_infinite_at_large_gaps_and_the_hint_names_log_sum_exp()
    {
        Assert.Equal(CheckStatus.Passed, Check(new NaiveLogSoftmax(), "loss").Status);
        Assert.Equal(CheckStatus.Passed, Check(new NaiveLogSoftmax(), "softmax at |logits| up to 1e4").Status);
        var large = Check(new NaiveLogSoftmax(), "loss at |logits| up to 1e4");
        Assert.Equal(CheckStatus.Failed, large.Status);
        Assert.Equal("Infinity", large.Got);
        Assert.StartsWith("log of a probability that underflowed to 0 is -∞", large.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summed_loss_is_named()
    {
        var loss = Check(new LossSummed(), "loss");
        Assert.StartsWith("batch=2,", loss.Input, StringComparison.Ordinal);
        Assert.Equal("you summed over the batch; the loss is the mean: divide by batch", loss.Hint);
        Assert.Equal(CheckStatus.Passed, Check(new LossSummed(), "dlogits").Status);
    }

    [Fact]
    public void Generated_shapes_include_one_row_one_class_and_larger_ones()
    {
        var spy = new ShapeSpy();
        Project.Grade(spy);
        Assert.Contains(spy.Shapes, s => s.Batch == 1);
        Assert.Contains(spy.Shapes, s => s.Classes == 1);
        Assert.Contains(spy.Shapes, s => s is { Batch: > 2, Classes: > 3 });
    }

    private sealed class ShapeSpy : ISoftmaxCrossEntropy
    {
        private readonly global::Track.SoftmaxCrossEntropy _inner = new();

        public List<(int Batch, int Classes)> Shapes { get; } = [];

        public double[,] Softmax(double[,] logits)
        {
            Shapes.Add((logits.GetLength(0), logits.GetLength(1)));
            return _inner.Softmax(logits);
        }

        public double Loss(double[,] logits, int[] labels) => _inner.Loss(logits, labels);

        public double[,] Backward(double[,] logits, int[] labels) => _inner.Backward(logits, labels);
    }
}
