using Dual.Track.Tests.WrongSolutions.Attention;

namespace Dual.Track.Tests.Projects;

public class AttentionGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("attention")!;

    private static CheckResult Check(IAttention attention, string name) => Assert.Single(Project.Check(attention), c => c.Name == name);

    private static void Fails(CheckResult check, string hintStart)
    {
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.StartsWith(hintStart, check.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.Attention());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.Equal(["forward", "dX", "dWq", "dWk", "dWv", "causality"], result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void The_forward_check_carries_the_attention_weights_as_a_causal_heat_map()
    {
        var figure = Check(new global::Track.Attention(), "forward").Figure;
        Assert.NotNull(figure);
        Assert.Equal(FigureKind.Heatmap, figure.Kind);
        var cells = figure.Cells!;
        Assert.Equal(6, cells.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(1.0, cells[i].Sum(), 12);
            Assert.All(cells[i].Skip(i + 1), w => Assert.Equal(0.0, w));
            Assert.All(cells[i].Take(i + 1), w => Assert.True(w > 0));
        }
    }

    [Fact]
    public void The_grader_plain_loop_backward_agrees_with_dual()
    {
        // The suspects are variants of the grader's loop backward; without a mistake it must be Dual's gradient.
        var c = new Dual.Track.Projects.AttentionCase(3, 2, 2, 1, [0.5, -1, 0.25, 0.75, 1.2, -0.3], [0.1, -0.2, 0.3, 0.4], [0.7, -0.8, 0.9, 0.2], [0.6, -0.4], [1, -0.5, 0.3]);
        var loops = Dual.Track.Projects.AttentionMath.Backward(c.XMatrix, c.WqMatrix, c.WkMatrix, c.WvMatrix, c.DOutMatrix);
        var dual = Dual.Track.Projects.AttentionGrader.Reference(c).Gradients;
        Assert.Equal(dual["x"].ToArray(), Dual.Track.Grading.Numbers.Flatten(loops.DX), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(dual["wk"].ToArray(), Dual.Track.Grading.Numbers.Flatten(loops.DWk), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void A_mask_forgotten_in_the_backward_pass_breaks_causality_and_says_so()
    {
        var causality = Check(new MaskForgottenInBackward(), "causality");
        Fails(causality, "the causal mask is missing in your backward pass");
        Assert.StartsWith("causality broken: with dOut zero after row 0, your dX[1,0] = ", causality.Message, StringComparison.Ordinal);
        Assert.Equal("dX[1,0]", causality.Where);
        Assert.StartsWith("0 (", causality.Expected, StringComparison.Ordinal);
        Assert.StartsWith("T=2, C=1,", causality.Input, StringComparison.Ordinal);
        Fails(Check(new MaskForgottenInBackward(), "dX"), "the causal mask is missing in your backward pass");
        Assert.Equal(CheckStatus.Passed, Check(new MaskForgottenInBackward(), "forward").Status);
    }

    [Fact]
    public void A_missing_scale_in_the_backward_pass_is_named_and_leaves_dwv_right()
    {
        var dwq = Check(new MissingScaleInBackward(), "dWq");
        Fails(dwq, "the 1/√d scale is missing in the backward pass");
        Assert.Contains("finite differences", dwq.Expected, StringComparison.Ordinal);
        Assert.Matches(@"^T=2, C=1, d=2,", dwq.Input);
        Assert.Equal(CheckStatus.Passed, Check(new MissingScaleInBackward(), "dWv").Status);
        Assert.Equal(CheckStatus.Passed, Check(new MissingScaleInBackward(), "causality").Status);
    }

    [Fact]
    public void Softmax_backward_taken_elementwise_is_named()
    {
        Fails(Check(new SoftmaxBackwardElementwise(), "dWk"), "softmax's backward is not p·(1 − p) elementwise");
        Fails(Check(new SoftmaxBackwardElementwise(), "dX"), "softmax's backward is not p·(1 − p) elementwise");
    }

    [Fact]
    public void Query_and_key_transposes_swapped_are_named()
    {
        var dwq = Check(new QueryKeyTransposesSwapped(), "dWq");
        Fails(dwq, "dq and dk are swapped");
        Assert.Matches(@"^dWq\[\d,\d\]$", dwq.Where);
        Fails(Check(new QueryKeyTransposesSwapped(), "dWk"), "dq and dk are swapped");
    }

    [Fact]
    public void Dv_without_the_transpose_is_named_at_two_positions()
    {
        var dwv = Check(new DvWithoutTranspose(), "dWv");
        Fails(dwv, "dv = Pᵀ·dOut, not P·dOut");
        Assert.StartsWith("T=2,", dwv.Input, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Check(new DvWithoutTranspose(), "dWq").Status);
    }

    [Fact]
    public void An_unwritten_starter_is_todo_in_every_check()
    {
        var result = Project.Grade(new Unwritten());
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Todo, c.Status));
        Assert.Equal("Backward is not written yet", Assert.Single(result.Checks, c => c.Name == "causality").Message);
    }

    private sealed class Unwritten : IAttention
    {
        public double[,] Forward(double[,] x, double[,] wq, double[,] wk, double[,] wv) => throw new NotWrittenYetException("Forward");

        public AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut) => throw new NotWrittenYetException("Backward");
    }
}
