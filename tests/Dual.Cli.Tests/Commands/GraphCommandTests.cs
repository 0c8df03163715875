using System.Globalization;
using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

/// <summary><c>dual graph neuron</c>: the neuron's computation graph with values and gradients, as DOT text or (through Graphviz) SVG.</summary>
public sealed class GraphCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // label -> (data, grad) from the record nodes "{ label | data d | grad g }".
    private static Dictionary<string, (double Data, double Grad)> Records(string dot) =>
        Regex.Matches(dot, @"label=""\{ (.+?) \| data (\S+) \| grad (\S+) \}""")
            .ToDictionary(m => m.Groups[1].Value, m => (Parse(m.Groups[2].Value), Parse(m.Groups[3].Value)));

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_node_shows_its_value_and_the_chain_rule_gradient_computed_by_hand()
    {
        var run = CliRun.Of("graph", "neuron");

        // By hand: z = w·x + b, a = σ(z), loss = (a − y)²; dloss/da = 2(a − y), da/dz = a(1 − a).
        var (w, b, x, y) = (0.5, 0.1, 1.5, 1.0);
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        var dA = 2 * (a - y);
        var dZ = dA * a * (1 - a);
        var expected = new Dictionary<string, (double, double)>
        {
            ["w"] = (w, dZ * x), ["x"] = (x, dZ * w), ["b"] = (b, dZ), ["y"] = (y, -dA),
            ["w*x"] = (w * x, dZ), ["z"] = (z, dZ), ["a"] = (a, dA), ["a - y"] = (a - y, dA), ["loss"] = ((a - y) * (a - y), 1.0),
        };

        Assert.Equal(0, run.ExitCode);
        var records = Records(run.Stdout);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), records.Keys.Order(StringComparer.Ordinal));
        foreach (var (label, (data, grad)) in expected)
        {
            Assert.Equal(Math.Round(data, 4), records[label].Data, 1e-12);
            Assert.Equal(Math.Round(grad, 4), records[label].Grad, 1e-12);
        }
    }

    [Fact]
    public void The_gradients_agree_with_the_librarys_reverse_mode_on_the_whole_expression()
    {
        var nodes = Dual.Cli.Commands.NeuronGraph.Build(-0.3, 0.7, 2.0, 0.0);
        var (w, b, x, y) = (Expr.Variable("w"), Expr.Variable("b"), Expr.Variable("x"), Expr.Variable("y"));
        var loss = ((w * x + b).Sigmoid() - y).Square();
        var (value, grads) = Grad.ValueAndGrad(loss, Env.Of(("w", -0.3), ("b", 0.7), ("x", 2.0), ("y", 0.0)));

        Assert.Equal(value.ToScalar(), nodes.Single(n => n.Id == "loss").Data, 1e-15);
        foreach (var name in new[] { "w", "b", "x", "y" })
            Assert.Equal(grads[name].ToScalar(), nodes.Single(n => n.Id == name).Grad, 1e-15);
    }

    [Fact]
    public void The_dot_text_is_a_left_to_right_digraph_with_an_ellipse_per_operation()
    {
        var run = CliRun.Of("graph", "neuron", "--format", "dot");

        var dot = run.Stdout;
        Assert.StartsWith("digraph \"neuron\" {\n  graph [rankdir=LR];", dot, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dot, StringComparison.Ordinal);
        Assert.Equal(9, Regex.Matches(dot, "shape=record").Count);
        foreach (var op in new[] { "*", "+", "sigmoid", "-", "^2" })
            Assert.Contains($"[label=\"{op}\"];", dot, StringComparison.Ordinal);
        // Edges: 2 + 2 + 1 + 2 + 1 inputs into operations, one edge out of each of the 5 operations.
        Assert.Equal(13, Regex.Matches(dot, " -> ").Count);
        Assert.Contains("\"w\" -> \"wx_op\";", dot, StringComparison.Ordinal);
        Assert.Contains("\"d_op\" -> \"d\";", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_writes_the_file_and_the_neuron_options_change_the_values()
    {
        var path = _temp.File("neuron.dot");

        var run = CliRun.Of("graph", "neuron", "--out", path, "--w", "2", "--x", "-1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(path, run.Stdout, StringComparison.Ordinal);
        var records = Records(File.ReadAllText(path));
        Assert.Equal(-2.0, records["w*x"].Data);
        Assert.Equal(-1.9, records["z"].Data, 1e-12);
    }

    [Fact]
    public void Svg_without_graphviz_is_exit_1_saying_what_to_install()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Dual.Cli.Commands.GraphCommand.Run(stdout, stderr, "svg", null, Dual.Cli.Commands.NeuronGraph.Build(0.5, 0.1, 1.5, 1.0), dotExecutable: null);

        Assert.Equal(1, code);
        Assert.Contains("Graphviz", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("--format dot", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Svg_is_what_dot_Tsvg_makes_of_the_dot_text()
    {
        if (OperatingSystem.IsWindows()) return; // the stand-in for Graphviz is a shell script
        var received = _temp.File("received.dot");
        var fake = _temp.File("dot");
        File.WriteAllText(fake, $"#!/bin/sh\n[ \"$1\" = \"-Tsvg\" ] || exit 3\ncat > '{received}'\necho '<svg>fake</svg>'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var nodes = Dual.Cli.Commands.NeuronGraph.Build(0.5, 0.1, 1.5, 1.0);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Dual.Cli.Commands.GraphCommand.Run(stdout, stderr, "svg", null, nodes, fake);

        Assert.True(code == 0, stderr.ToString());
        Assert.Equal("<svg>fake</svg>\n", stdout.ToString());
        Assert.Equal(Dual.Cli.Commands.NeuronGraph.ToDot(nodes, "neuron"), File.ReadAllText(received));
    }

    [Fact]
    public void A_failing_graphviz_is_exit_1_with_its_message()
    {
        if (OperatingSystem.IsWindows()) return;
        var fake = _temp.File("dot");
        File.WriteAllText(fake, "#!/bin/sh\necho 'syntax error in line 1' >&2\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Dual.Cli.Commands.GraphCommand.Run(stdout, stderr, "svg", null, Dual.Cli.Commands.NeuronGraph.Build(0.5, 0.1, 1.5, 1.0), fake);

        Assert.Equal(1, code);
        Assert.Contains("syntax error in line 1", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_on_path_returns_the_first_folder_that_has_the_program()
    {
        var first = Directory.CreateDirectory(_temp.File("one")).FullName;
        var second = Directory.CreateDirectory(_temp.File("two")).FullName;
        File.WriteAllText(Path.Combine(second, "dot"), "");

        Assert.Equal(Path.Combine(second, "dot"), Dual.Cli.Commands.GraphCommand.FindOnPath("dot", first + Path.PathSeparator + second));
        Assert.Null(Dual.Cli.Commands.GraphCommand.FindOnPath("dot", first));
    }

    [Theory]
    [InlineData("png", new[] { "graph", "neuron", "--format", "png" })]
    [InlineData("transformer", new[] { "graph", "transformer" })]
    [InlineData("--w", new[] { "graph", "neuron", "--w", "NaN" })]
    public void Bad_arguments_are_usage_errors(string culprit, string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(culprit, run.Stderr, StringComparison.Ordinal);
    }
}
