using System.Globalization;
using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

public class NeuronCommandTests
{
    // The seed's hand derivation: z = w*x + b, a = 1/(1 + e^-z), loss = (a - y)^2,
    // dloss/dw = 2(a - y) * a(1 - a) * x, dloss/db = 2(a - y) * a(1 - a) * 1.
    private static (double GradW, double GradB, double Loss) ChainRule(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        var common = 2 * (a - y) * a * (1 - a);
        return (common * x, common, (a - y) * (a - y));
    }

    private static void AssertRelativelyClose(double expected, double actual, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2})");

    [Fact]
    public void Neuron_prints_grad_w_matching_the_chain_rule()
    {
        var run = CliRun.Of("neuron");

        Assert.Equal(0, run.ExitCode);
        AssertRelativelyClose(ChainRule(0.5, 0.1, 1.5, 1.0).GradW, run.Value("grad_w"));
    }

    [Fact]
    public void Neuron_prints_grad_b_matching_the_chain_rule()
    {
        var run = CliRun.Of("neuron");

        Assert.Equal(0, run.ExitCode);
        AssertRelativelyClose(ChainRule(0.5, 0.1, 1.5, 1.0).GradB, run.Value("grad_b"));
    }

    [Fact]
    public void Neuron_prints_forward_values_and_chain_rule_factors_in_order()
    {
        var run = CliRun.Of("neuron");

        var names = run.StdoutLines.Select(l => l.Split(" = ")[0]).ToList();
        string[] expectedOrder = ["w", "b", "x", "y", "z", "a", "loss", "dloss_da", "da_dz", "dz_dw", "dz_db", "grad_w", "grad_b"];
        var positions = expectedOrder.Select(n => names.IndexOf(n)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(0.85, run.Value("z"), 15);
        AssertRelativelyClose(ChainRule(0.5, 0.1, 1.5, 1.0).Loss, run.Value("loss"));
        Assert.Contains(run.StdoutLines, l => l.StartsWith("check: reverse mode agrees", StringComparison.Ordinal));
    }

    [Fact]
    public void Neuron_prints_its_gradients_as_the_seed_writes_them()
    {
        var run = CliRun.Of("neuron");

        Assert.Contains("grad_w as an expression: 2(a − y) · a(1 − a) · x", run.StdoutLines);
        Assert.Contains("grad_b as an expression: 2(a − y) · a(1 − a)", run.StdoutLines);
    }

    [Fact]
    public void Neuron_uses_the_given_inputs()
    {
        var run = CliRun.Of("neuron", "--w", "-1.25", "--b", "2", "--x", "0.3", "--y", "0");

        Assert.Equal(0, run.ExitCode);
        var (gradW, gradB, _) = ChainRule(-1.25, 2, 0.3, 0);
        AssertRelativelyClose(gradW, run.Value("grad_w"));
        AssertRelativelyClose(gradB, run.Value("grad_b"));
    }

    [Fact]
    public void Neuron_with_three_steps_prints_three_decreasing_losses()
    {
        var run = CliRun.Of("neuron", "--steps", "3");

        Assert.Equal(0, run.ExitCode);
        var steps = run.StdoutLines
            .Select(l => Regex.Match(l, @"^step (\d+) loss=(\S+)$"))
            .Where(m => m.Success)
            .Select(m => (Step: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                          Loss: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal([1, 2, 3], steps.Select(s => s.Step));
        var initial = run.Value("loss");
        Assert.True(initial > steps[0].Loss && steps[0].Loss > steps[1].Loss && steps[1].Loss > steps[2].Loss,
            $"losses do not decrease: {initial:R}, {string.Join(", ", steps.Select(s => s.Loss.ToString("R", CultureInfo.InvariantCulture)))}");
    }

    [Fact]
    public void Neuron_first_step_loss_is_the_loss_after_one_hand_computed_update()
    {
        var run = CliRun.Of("neuron", "--steps", "1", "--lr", "0.5");

        var (gradW, gradB, _) = ChainRule(0.5, 0.1, 1.5, 1.0);
        var (_, _, expected) = ChainRule(0.5 - 0.5 * gradW, 0.1 - 0.5 * gradB, 1.5, 1.0);
        var line = Assert.Single(run.StdoutLines, l => l.StartsWith("step 1 loss=", StringComparison.Ordinal));
        AssertRelativelyClose(expected, double.Parse(line["step 1 loss=".Length..], CultureInfo.InvariantCulture), 1e-10);
    }
}
