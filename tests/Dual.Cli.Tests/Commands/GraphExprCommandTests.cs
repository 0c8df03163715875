using System.Globalization;
using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

/// <summary><c>dual graph mlp</c> and <c>dual graph attention</c>: every node with its value and its gradient from the library.</summary>
public sealed class GraphExprCommandTests
{
    [Theory]
    [InlineData("mlp", "W1 [3, 4]", "Tanh")]
    [InlineData("attention", "Wq [4, 2]", "Where")]
    public void Every_node_has_a_value_and_a_gradient(string graph, string variable, string op)
    {
        var run = CliRun.Of("graph", graph);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"digraph \"{graph}\"", run.Stdout, StringComparison.Ordinal);
        var labels = Regex.Matches(run.Stdout, @"\[label=""\{ (.+?) \}""\]").Select(m => m.Groups[1].Value).ToList();
        Assert.True(labels.Count > 10, $"only {labels.Count} nodes");
        Assert.All(labels, l => Assert.Matches(@"\| data .+ \| grad ", l));
        Assert.Contains(labels, l => l.StartsWith(variable, StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith(op, StringComparison.Ordinal));
    }

    [Fact]
    public void The_mlp_loss_gradient_is_one_and_the_weights_gradients_match_reverse_mode()
    {
        var (loss, at) = Dual.Cli.Commands.ExprGraphs.Mlp();
        var run = CliRun.Of("graph", "mlp");
        var (value, grads) = Grad.ValueAndGrad(loss, at, "b2");
        string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        Assert.Contains($"data {F(value.ToScalar())} | grad 1.0000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"b2 [1] | data 0.0500 | grad {F(grads["b2"].ToScalar())}", run.Stdout, StringComparison.Ordinal);
    }
}
