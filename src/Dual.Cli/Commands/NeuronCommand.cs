using System.CommandLine;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual neuron</c>: the seed's worked example. One neuron <c>z = w*x + b</c>, <c>a = sigmoid(z)</c>,
/// <c>loss = (a - y)^2</c>, evaluated by the library; each chain-rule factor computed by hand from the
/// forward values; the library's reverse-mode gradients printed and compared with the hand product;
/// optionally a few steps of gradient descent on <c>w</c> and <c>b</c>.
/// </summary>
internal static class NeuronCommand
{
    /// <summary>Largest relative error between reverse mode and the hand chain rule still called agreement.</summary>
    public const double AgreementTolerance = 1e-9;

    /// <summary>Builds the command; its output goes to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout)
    {
        var w = new Option<double>("--w") { Description = "Weight w.", DefaultValueFactory = _ => 0.5 }.Finite();
        var b = new Option<double>("--b") { Description = "Bias b.", DefaultValueFactory = _ => 0.1 }.Finite();
        var x = new Option<double>("--x") { Description = "Input x.", DefaultValueFactory = _ => 1.5 }.Finite();
        var y = new Option<double>("--y") { Description = "Target y.", DefaultValueFactory = _ => 1.0 }.Finite();
        var steps = new Option<int>("--steps")
        {
            Description = "Steps of gradient descent on w and b (0: none).",
            DefaultValueFactory = _ => 0,
        }.NonNegative();
        var lr = new Option<double>("--lr")
        {
            Description = "Learning rate of gradient descent (finite, >= 0).",
            DefaultValueFactory = _ => 0.1,
        }.FiniteNonNegative();

        var command = new Command("neuron", "The seed's neuron: forward values, the chain rule by hand, and the library's gradients.");
        foreach (var option in new Option[] { w, b, x, y, steps, lr })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => Run(
            stdout,
            parseResult.GetValue(w),
            parseResult.GetValue(b),
            parseResult.GetValue(x),
            parseResult.GetValue(y),
            parseResult.GetValue(steps),
            parseResult.GetValue(lr)));
        return command;
    }

    /// <summary>Runs the example and returns 0, or 1 if reverse mode disagrees with the hand chain rule.</summary>
    public static int Run(TextWriter stdout, double w0, double b0, double x0, double y0, int steps, double lr)
    {
        var (w, b, x, y) = (Expr.Variable("w"), Expr.Variable("b"), Expr.Variable("x"), Expr.Variable("y"));
        var z = w * x + b;
        var a = z.Sigmoid();
        var loss = (a - y).Square();

        Env At(double wv, double bv) => Env.Of(("w", wv), ("b", bv), ("x", x0), ("y", y0));

        var env = At(w0, b0);
        var forward = Evaluator.Evaluate(new[] { z, a, loss }, env);
        var (zv, av, lossv) = (forward[0].ToScalar(), forward[1].ToScalar(), forward[2].ToScalar());

        stdout.WriteLine("neuron: z = w*x + b, a = sigmoid(z), loss = (a - y)^2");
        stdout.WriteLine($"w = {Format.R(w0)}");
        stdout.WriteLine($"b = {Format.R(b0)}");
        stdout.WriteLine($"x = {Format.R(x0)}");
        stdout.WriteLine($"y = {Format.R(y0)}");
        stdout.WriteLine($"z = {Format.R(zv)}");
        stdout.WriteLine($"a = {Format.R(av)}");
        stdout.WriteLine($"loss = {Format.R(lossv)}");

        // The chain rule by hand, from the forward values alone.
        var dlossDa = 2 * (av - y0);
        var daDz = av * (1 - av);
        var dzDw = x0;
        const double dzDb = 1;
        var handW = dlossDa * daDz * dzDw;
        var handB = dlossDa * daDz * dzDb;
        stdout.WriteLine($"dloss_da = 2(a - y) = {Format.R(dlossDa)}");
        stdout.WriteLine($"da_dz = a(1 - a) = {Format.R(daDz)}");
        stdout.WriteLine($"dz_dw = x = {Format.R(dzDw)}");
        stdout.WriteLine("dz_db = 1");
        stdout.WriteLine($"dloss_dw = dloss_da * da_dz * dz_dw = {Format.R(handW)}");
        stdout.WriteLine($"dloss_db = dloss_da * da_dz * dz_db = {Format.R(handB)}");

        // The library's reverse mode.
        var (_, grads) = Grad.ValueAndGrad(loss, env, "w", "b");
        var gradW = grads["w"].ToScalar();
        var gradB = grads["b"].ToScalar();
        stdout.WriteLine($"grad_w = {Format.R(gradW)}");
        stdout.WriteLine($"grad_b = {Format.R(gradB)}");

        // The gradients are expressions too: printed with a named, they read like the chain rule above.
        var letters = new Dictionary<Expr, string>(ReferenceEqualityComparer.Instance) { [a] = "a" };
        var symbolic = Grad.Of(loss, w, b);
        stdout.WriteLine($"grad_w as an expression: {symbolic[0].ToFormula(letters)}");
        stdout.WriteLine($"grad_b as an expression: {symbolic[1].ToFormula(letters)}");

        var relError = Math.Max(RelativeError(gradW, handW), RelativeError(gradB, handB));
        var agree = relError <= AgreementTolerance;
        stdout.WriteLine(agree
            ? $"check: reverse mode agrees with the hand chain rule (max relative error {Format.Sci(relError)} <= {Format.Sci(AgreementTolerance)})"
            : $"check: FAILED, reverse mode disagrees with the hand chain rule (max relative error {Format.Sci(relError)} > {Format.Sci(AgreementTolerance)})");

        if (steps > 0)
        {
            stdout.WriteLine($"gradient descent on w and b: steps={steps} lr={Format.R(lr)}");
            var (wv, bv) = (w0, b0);
            var current = grads;
            for (var k = 1; k <= steps; k++)
            {
                wv -= lr * current["w"].ToScalar();
                bv -= lr * current["b"].ToScalar();
                var (value, next) = Grad.ValueAndGrad(loss, At(wv, bv), "w", "b");
                stdout.WriteLine($"step {k} loss={Format.R(value.ToScalar())}");
                current = next;
            }

            stdout.WriteLine($"final w={Format.R(wv)} b={Format.R(bv)}");
        }

        return agree ? 0 : 1;
    }

    // Relative to the larger magnitude; below 1e-12 the error is effectively absolute, so a
    // gradient that is (nearly) zero does not turn rounding noise into a large relative error.
    private static double RelativeError(double actual, double expected) =>
        Math.Abs(actual - expected) / Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), 1e-12);
}
