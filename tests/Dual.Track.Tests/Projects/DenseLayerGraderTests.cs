using Dual.Track.Tests.WrongSolutions.DenseLayer;

namespace Dual.Track.Tests.Projects;

public class DenseLayerGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("dense-layer")!;

    private static CheckResult Check(IDenseLayer layer, string name) => Assert.Single(Project.Check(layer), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.DenseLayer());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.Equal(["forward Y", "dX", "dW", "db"], result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void Db_from_the_first_row_only_shrinks_to_a_batch_of_two_and_says_sum_over_the_batch()
    {
        var db = Check(new DbFirstRowOnly(), "db");
        Assert.Equal(CheckStatus.Failed, db.Status);
        Assert.Equal("db sums dY over every row of the batch, not just the first", db.Hint);
        Assert.StartsWith("batch=2, in=1, out=1,", db.Input, StringComparison.Ordinal);
        Assert.Equal("db[0]", db.Where);
        Assert.Contains("finite differences", db.Expected, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Check(new DbFirstRowOnly(), "dW").Status);
    }

    [Fact]
    public void Averaging_over_the_batch_is_named()
    {
        var dw = Check(new AveragedOverBatch(), "dW");
        Assert.StartsWith("you divided by the batch size", dw.Hint, StringComparison.Ordinal);
        Assert.StartsWith("batch=2,", dw.Input, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Check(new AveragedOverBatch(), "dX").Status);
    }

    [Fact]
    public void W_instead_of_W_transposed_fails_at_the_smallest_non_square_shape_and_points_at_the_transpose()
    {
        var dx = Check(new DxWithoutTranspose(), "dX");
        Assert.Equal(CheckStatus.Failed, dx.Status);
        Assert.StartsWith("dX threw IndexOutOfRangeException", dx.Message, StringComparison.Ordinal);
        Assert.Contains("W where Wᵀ belongs", dx.Hint, StringComparison.Ordinal);
        Assert.StartsWith("batch=1, in=1, out=2,", dx.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_sign_in_dx_is_named_per_element()
    {
        var dx = Check(new DxSignFlipped(), "dX");
        Assert.Equal("dX[0,0]", dx.Where);
        Assert.StartsWith("the sign is flipped", dx.Hint, StringComparison.Ordinal);
        Assert.StartsWith("batch=1, in=1, out=1,", dx.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forgotten_bias_is_named_in_the_forward_pass()
    {
        var y = Check(new ForwardWithoutBias(), "forward Y");
        Assert.Equal("the bias is missing: Y = X·W + b, with b added to every row", y.Hint);
        Assert.Equal("batch=1, in=1, out=1, X=[[0]], W=[[0]], b=[0.01], dY=[[0]]", y.Input);
    }

    [Fact]
    public void Generated_shapes_include_batch_one_and_width_one()
    {
        // The grader's cases come from a fixed seed; record the shapes the reference sees through a spy layer.
        var spy = new ShapeSpy();
        Project.Grade(spy);
        Assert.Contains(spy.Shapes, s => s.Batch == 1);
        Assert.Contains(spy.Shapes, s => s.In == 1);
        Assert.Contains(spy.Shapes, s => s.Out == 1);
        Assert.Contains(spy.Shapes, s => s is { Batch: > 1, In: > 1, Out: > 1 });
    }

    private sealed class ShapeSpy : IDenseLayer
    {
        private readonly global::Track.DenseLayer _inner = new();

        public List<(int Batch, int In, int Out)> Shapes { get; } = [];

        public double[,] Forward(double[,] x, double[,] w, double[] b)
        {
            Shapes.Add((x.GetLength(0), x.GetLength(1), w.GetLength(1)));
            return _inner.Forward(x, w, b);
        }

        public DenseGradients Backward(double[,] x, double[,] w, double[] b, double[,] dy) => _inner.Backward(x, w, b, dy);
    }
}
