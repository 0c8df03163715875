namespace Dual.Tests.Ops;

/// <summary>
/// The sigmoid primitive (decision 0011) against independent references: its composite ½(tanh(x/2) + 1) where
/// both are exact enough, and the tails' closed forms σ(x) ≈ eˣ, σ′(x) ≈ e⁻|ˣ| where the composite loses digits.
/// (The catalogue's properties check its rules against finite differences and forward against reverse mode.)
/// </summary>
public class SigmoidTests
{
    private static readonly Expr X = Expr.Variable("x");

    private static double Value(double x) => Interpreter.Evaluate(X.Sigmoid(), Env.Of(("x", x))).ToScalar();

    private static double Derivative(double x) => Grad.ValueAndGrad(X.Sigmoid(), Env.Of(("x", x)), "x").Gradients["x"].ToScalar();

    private static double RelativeError(double got, double expected) => Math.Abs(got - expected) / Math.Abs(expected);

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-3.7)]
    [InlineData(-1e-8)]
    [InlineData(0.0)]
    [InlineData(0.85)]
    [InlineData(5.5)]
    [InlineData(20.0)]
    public void Agrees_with_its_composite_in_the_middle(double x)
    {
        var composite = Interpreter.Evaluate(X.SigmoidComposite(), Env.Of(("x", x))).ToScalar();
        var compositeDerivative = Grad.ValueAndGrad(X.SigmoidComposite(), Env.Of(("x", x)), "x").Gradients["x"].ToScalar();
        Assert.Equal(composite, Value(x), 15);
        Assert.Equal(compositeDerivative, Derivative(x), 15);
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-40.0)]
    [InlineData(-700.0)]
    public void Keeps_its_relative_precision_deep_in_the_lower_tail(double x)
    {
        // σ(x) = eˣ / (1 + eˣ) = eˣ(1 − eˣ + e²ˣ − …): the series' next term is below 1e-39 of the value here.
        var e = Math.Exp(x);
        var expected = e * (1 - e + e * e);
        Assert.True(RelativeError(Value(x), expected) < 1e-15, $"σ({x}) = {Value(x):R}, expected {expected:R}");
        var composite = Interpreter.Evaluate(X.SigmoidComposite(), Env.Of(("x", x))).ToScalar();
        Assert.True(composite == 0 || RelativeError(composite, expected) > 1e-6, "the composite should lose digits here, else this test shows nothing");
    }

    [Theory]
    [InlineData(30.0)]
    [InlineData(-30.0)]
    [InlineData(36.0)]
    public void Its_derivative_keeps_its_relative_precision_where_a_rounds_to_one(double x)
    {
        // σ′(x) = e⁻|ˣ| / (1 + e⁻|ˣ|)² = e⁻|ˣ|(1 − 2e⁻|ˣ| + …); a·(1 − a) computed from a rounded a keeps 3 digits at 30.
        var expected = Math.Exp(-Math.Abs(x)) * (1 - 2 * Math.Exp(-Math.Abs(x)));
        Assert.True(RelativeError(Derivative(x), expected) < 1e-14, $"σ′({x}) = {Derivative(x):R}, expected {expected:R}");
        var a = Value(Math.Abs(x));
        Assert.True(RelativeError(a * (1 - a), expected) > 1e-5, "the naive form should lose digits here, else this test shows nothing");
    }

    [Theory]
    [InlineData(1000.0, 1.0)]
    [InlineData(-1000.0, 0.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    public void Never_overflows(double x, double expected)
    {
        Assert.Equal(expected, Value(x));
        Assert.Equal(0.0, Derivative(x));
    }

    [Fact]
    public void Passes_NaN_through() => Assert.True(double.IsNaN(Value(double.NaN)));

    [Fact]
    public void Is_one_primitive_whose_derivative_is_written_in_sigmoids()
    {
        var y = X.Sigmoid();
        Assert.Equal(OpKind.Sigmoid, y.Op);
        Assert.Equal("σ(x) · σ(−x)", Grad.Of(y, X)[0].ToFormula());
    }
}
