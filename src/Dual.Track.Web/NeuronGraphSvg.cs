using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Dual.Track.Web;

/// <summary>
/// Project 1's picture: the neuron's computation graph (w, x, b → z → a → loss, with y) at one case, each node with its
/// value and dloss/dnode from Dual's reverse mode, and on each edge the chain-rule factor the learner wrote, with its
/// verdict and, when it failed, the learner's number next to Dual's. The case is the shrunk failing case of grad_w (or
/// grad_b) when one failed, so the learner's gradient and Dual's are shown at the same point; otherwise a fixed case.
/// </summary>
internal static partial class NeuronGraphSvg
{
    private static readonly Expr W = Expr.Variable("w"), B = Expr.Variable("b"), X = Expr.Variable("x"), Y = Expr.Variable("y");
    private static readonly Expr Z = Expr.Variable("z"), A = Expr.Variable("a");

    public static string Render(ProjectResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var byName = result.Checks.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var focus = new[] { "grad_w", "grad_b" }.Select(n => byName.GetValueOrDefault(n)).FirstOrDefault(c => c is { Status: CheckStatus.Failed, Input: not null });
        var (w, b, x, y) = focus is not null && TryParseCase(focus.Input!, out var parsed) ? parsed : (0.5, -0.3, 1.2, 1.0);

        // Values by Dual's interpreter; gradients by Dual's reverse mode, each node's dloss/dnode from the loss written in it.
        var env = Env.Of(("w", w), ("b", b), ("x", x), ("y", y));
        var z = Evaluator.Evaluate(W * X + B, env).ToScalar();
        var a = Evaluator.Evaluate(Z.Sigmoid(), Env.Of(("z", z))).ToScalar();
        var (loss, grads) = Grad.ValueAndGrad(((W * X + B).Sigmoid() - Y).Square(), env, "w", "b", "x");
        var (_, gradZ) = Grad.ValueAndGrad((Z.Sigmoid() - Y).Square(), Env.Of(("z", z), ("y", y)), "z");
        var (_, gradA) = Grad.ValueAndGrad((A - Y).Square(), Env.Of(("a", a), ("y", y)), "a");

        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" id=\"neuron-graph\" viewBox=\"0 0 760 300\" role=\"img\" aria-label=\"the neuron's computation graph\">");
        svg.Append("<title>The neuron's computation graph: value and dloss/dnode (Dual's reverse mode) at each node</title>");
        Text(svg, 10, 20, $"case: w={N(w)}, b={N(b)}, x={N(x)}, y={N(y)}{(focus is null ? "" : " (the shrunk failing case of " + focus.Name + ")")}", "caption");

        Edge(svg, 120, 60, 300, 140, byName.GetValueOrDefault("dz_dw"), "dz_dw");
        Edge(svg, 120, 140, 300, 140, null, "");
        Edge(svg, 120, 220, 300, 140, null, "dz_db = 1");
        Edge(svg, 380, 140, 520, 140, byName.GetValueOrDefault("da_dz"), "da_dz");
        Edge(svg, 600, 140, 690, 140, byName.GetValueOrDefault("dloss_da"), "dloss_da");
        Edge(svg, 560, 250, 690, 160, null, "");

        Node(svg, 60, 60, "w", w, grads["w"].ToScalar(), byName.GetValueOrDefault("grad_w"));
        Node(svg, 60, 140, "x", x, grads["x"].ToScalar(), null);
        Node(svg, 60, 220, "b", b, grads["b"].ToScalar(), byName.GetValueOrDefault("grad_b"));
        Node(svg, 340, 140, "z", z, gradZ["z"].ToScalar(), null);
        Node(svg, 560, 140, "a", a, gradA["a"].ToScalar(), null);
        Node(svg, 520, 250, "y", y, null, null);
        Node(svg, 700, 140, "loss", loss.ToScalar(), 1.0, null, width: 100);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Node(StringBuilder svg, double cx, double cy, string name, double value, double? grad, CheckResult? learner, double width = 110)
    {
        var state = learner is null ? "plain" : learner.Status == CheckStatus.Passed ? "pass" : "fail";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node {state}\" data-node=\"{name}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{cx - width / 2}\" y=\"{cy - 26}\" width=\"{width}\" height=\"52\" rx=\"6\"/>");
        Text(svg, cx - width / 2 + 6, cy - 10, $"{name} = {N(value)}", "value");
        if (grad is not null)
        {
            Text(svg, cx - width / 2 + 6, cy + 6, $"grad {N(grad.Value)}", "grad");
        }

        if (learner is not null)
        {
            Text(svg, cx - width / 2 + 6, cy + 21, learner.Status switch
            {
                CheckStatus.Passed => "yours: ✓ same",
                CheckStatus.Failed when learner.Got is not null => "yours: " + learner.Got,
                CheckStatus.Todo => "yours: TODO",
                _ => "yours: ✗",
            }, "yours");
        }

        svg.Append("</g>");
    }

    private static void Edge(StringBuilder svg, double x1, double y1, double x2, double y2, CheckResult? factor, string label)
    {
        var state = factor is null ? "plain" : factor.Status == CheckStatus.Passed ? "pass" : "fail";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"edge {state}\"{(factor is null ? "" : $" data-factor=\"{Escape(factor.Name)}\"")}>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>");
        if (label.Length > 0)
        {
            var mark = factor?.Status switch
            {
                CheckStatus.Passed => " ✓",
                CheckStatus.Failed => " ✗",
                CheckStatus.Todo => " (TODO)",
                null => "",
                _ => " !",
            };
            Text(svg, ((x1 + x2) / 2) - 30, ((y1 + y2) / 2) - 6, label + mark, "factor");
        }

        svg.Append("</g>");
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string kind) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{y}\" class=\"{kind}\">{Escape(text)}</text>");

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("G5", CultureInfo.InvariantCulture);

    /// <summary>Reads the grader's case text, <c>w=0.5, b=0, x=1, y=0</c>.</summary>
    internal static bool TryParseCase(string input, out (double W, double B, double X, double Y) values)
    {
        var found = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in CasePart().Matches(input))
        {
            if (double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                found[m.Groups["name"].Value] = v;
            }
        }

        var ok = found.TryGetValue("w", out var w) & found.TryGetValue("b", out var b) & found.TryGetValue("x", out var x) & found.TryGetValue("y", out var y);
        values = (w, b, x, y);
        return ok;
    }

    [GeneratedRegex(@"(?<name>[wbxy])=(?<value>[-+0-9.eE]+)")]
    private static partial Regex CasePart();
}
