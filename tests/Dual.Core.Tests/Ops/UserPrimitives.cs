namespace Dual.Tests.Ops;

/// <summary>
/// User-defined primitives kept as test data: right definitions (which every check must pass) beside
/// deliberately wrong ones (which the checks must catch, and say where).
/// </summary>
internal static class UserPrimitives
{
    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.Generate(x.Shape, i => f(x.Span[i]));

    // ---- right ----

    /// <summary>The seed's sigmoid from scratch: y = 1 / (1 + e⁻ˣ); dx = dy·y·(1 − y).</summary>
    public static readonly OpDef Sigmoid = OpDef.Define("MySigmoid", 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y * (1 - y)]);

    /// <summary>The same sigmoid with a fast span kernel and a hand-written JVP.</summary>
    public static readonly OpDef SigmoidWithKernel = OpDef.Define("MySigmoidFast", 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y * (1 - y)],
        jvp: (y, t) => t[0] is { } dx ? dx * y * (1 - y) : null,
        kernel: _ => (x, output) =>
        {
            for (var i = 0; i < output.Length; i++) output[i] = 1 / (1 + Math.Exp(-x[0][i]));
        });

    /// <summary>y = ln(1 + eˣ), computed stably; dx = dy·σ(x).</summary>
    public static readonly OpDef Softplus = OpDef.Define("MySoftplus", 1,
        forward: (x, _) => Map(x[0], v => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)))),
        vjp: (y, dy) => [dy * y.Inputs[0].Sigmoid()]);

    /// <summary>An op with an attribute: y = x for x &gt; 0, else αx; dx = dy·(x &gt; 0 ? 1 : α).</summary>
    public static readonly OpDef LeakyRelu = OpDef.Define("MyLeakyRelu", 1,
        forward: (x, slope) => Map(x[0], v => v > 0 ? v : (double)slope! * v),
        vjp: (y, dy) => [dy * Expr.Where(y.Inputs[0].Greater(0.0), 1.0, (double)y.Attribute!)]);

    /// <summary>y = √(a² + b²); da = dy·a/y, db = dy·b/y; tangent (a·da + b·db)/y, written by hand.</summary>
    public static readonly OpDef HypotWithJvp = OpDef.Define("MyHypot", 2,
        forward: (x, _) => Tensor.Generate(x[0].Shape, i => Math.Sqrt(x[0].Span[i] * x[0].Span[i] + x[1].Span[i] * x[1].Span[i])),
        vjp: (y, dy) => [dy * y.Inputs[0] / y, dy * y.Inputs[1] / y],
        jvp: (y, t) => ((t[0] ?? 0.0) * y.Inputs[0] + (t[1] ?? 0.0) * y.Inputs[1]) / y);

    /// <summary>The same hypot with no JVP rule: forward mode derives it from the VJP.</summary>
    public static readonly OpDef HypotDerived = OpDef.Define("MyHypot", 2,
        forward: (x, _) => Tensor.Generate(x[0].Shape, i => Math.Sqrt(x[0].Span[i] * x[0].Span[i] + x[1].Span[i] * x[1].Span[i])),
        vjp: (y, dy) => [dy * y.Inputs[0] / y, dy * y.Inputs[1] / y]);

    /// <summary>A shape-changing op with a shape rule: y = Σⱼ xᵢⱼ² over the last axis; dx = 2·x·dy (dy broadcast along that axis).</summary>
    public static readonly OpDef RowSumOfSquares = OpDef.Define("MyRowSumOfSquares", 1,
        forward: (x, _) =>
        {
            var n = x[0].Shape[^1];
            var rows = x[0].Size / n;
            var shape = Shape.Create(x[0].Shape.Dims[..^1].ToArray());
            return Tensor.Generate(shape, r => Enumerable.Range(0, n).Sum(j => x[0].Span[r * n + j] * x[0].Span[r * n + j]));
        },
        vjp: (y, dy) =>
        {
            var x = y.Inputs[0];
            return [2.0 * x * dy.Reshape(Shape.Create([.. y.Shape, 1]))];
        },
        shape: (inputs, _) => inputs[0].Rank == 0
            ? throw new ShapeException("needs at least one axis")
            : Shape.Create(inputs[0].Shape.Dims[..^1].ToArray()));

    // ---- wrong (kept so the checks are shown to reject them) ----

    /// <summary>The sigmoid with the learner's classic slip: dx = dy·y, the (1 − y) forgotten.</summary>
    public static readonly OpDef SigmoidForgotOneMinusY = OpDef.Define("MySigmoid", 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y]);

    /// <summary>A right VJP with a wrong hand-written JVP (dx·y instead of dx·y·(1 − y)).</summary>
    public static readonly OpDef SigmoidWrongJvp = OpDef.Define("MySigmoid", 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y * (1 - y)],
        jvp: (y, t) => t[0] is { } dx ? dx * y : null);

    /// <summary>A fast kernel that disagrees with the plain forward (it computes tanh).</summary>
    public static readonly OpDef SigmoidWrongKernel = OpDef.Define("MySigmoid", 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y * (1 - y)],
        kernel: _ => (x, output) =>
        {
            for (var i = 0; i < output.Length; i++) output[i] = Math.Tanh(x[0][i]);
        });

    /// <summary>A kernel that computes the sigmoid another way: within rounding (1e-15) of the forward, not bit for bit.</summary>
    public static readonly OpDef SigmoidKernelWithinRounding = OpDef.Define("MySigmoidRounded", 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y * (1 - y)],
        kernel: _ => (x, output) =>
        {
            for (var i = 0; i < output.Length; i++) output[i] = 0.5 + 0.5 * Math.Tanh(x[0][i] / 2) + 1e-15;
        });

    /// <summary>A forward that sums its operand: a scalar where the default shape rule promised the operand's shape.</summary>
    public static readonly OpDef ForwardWrongShape = OpDef.Define("MyBadForward", 1,
        forward: (x, _) => Tensor.Scalar(x[0].Span.ToArray().Sum()),
        vjp: (y, dy) => [dy]);

    /// <summary>A unary op whose VJP returns two cotangents.</summary>
    public static readonly OpDef TooManyCotangents = OpDef.Define("MyTwoCotangents", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy, dy]);

    /// <summary>A VJP whose cotangent is summed to a scalar instead of keeping the operand's shape.</summary>
    public static readonly OpDef CotangentWrongShape = OpDef.Define("MyScalarCotangent", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy.Sum()]);

    /// <summary>A VJP rule that throws.</summary>
    public static readonly OpDef ThrowingVjp = OpDef.Define("MyThrowingVjp", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => throw new InvalidOperationException("not written yet"));

    /// <summary>A forward that throws.</summary>
    public static readonly OpDef ThrowingForward = OpDef.Define("MyThrowingForward", 1,
        forward: (x, _) => throw new NotImplementedException("TODO"),
        vjp: (y, dy) => [dy]);

    /// <summary>A shape rule that throws something other than a shape error.</summary>
    public static readonly OpDef ThrowingShapeRule = OpDef.Define("MyThrowingShape", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        shape: (inputs, _) => throw new IndexOutOfRangeException("axis 3"));

    /// <summary>A VJP that is not linear in dy (dy²·y): no JVP can be derived from it.</summary>
    public static readonly OpDef NonlinearVjp = OpDef.Define("MyNonlinearVjp", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy * dy]);

    /// <summary>y = ln x defined by a user: NaN for x &lt; 0, which checked mode must name.</summary>
    public static readonly OpDef Log = OpDef.Define("MyLog", 1,
        forward: (x, _) => Map(x[0], Math.Log),
        vjp: (y, dy) => [dy / y.Inputs[0]]);

    // ---- wrong in one way each, for the rule-failure table (UserRuleFailureTests) ----

    /// <summary>A two-operand op whose shape rule returns null.</summary>
    public static readonly OpDef NullShapeRule = OpDef.Define("MyNullShape", 2,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy, null],
        shape: (_, _) => null!);

    /// <summary>A forward that returns null (the op takes an attribute, which the message shows).</summary>
    public static readonly OpDef NullForward = OpDef.Define("MyNullForward", 1,
        forward: (_, _) => null!,
        vjp: (y, dy) => [dy]);

    /// <summary>A kernel factory that throws while the plan is prepared.</summary>
    public static readonly OpDef ThrowingKernelFactory = OpDef.Define("MyThrowingFactory", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        kernel: _ => throw new InvalidOperationException("no plan for this shape"));

    /// <summary>A kernel factory that returns null.</summary>
    public static readonly OpDef NullKernelFactory = OpDef.Define("MyNullFactory", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        kernel: _ => null!);

    /// <summary>A kernel that throws when it runs.</summary>
    public static readonly OpDef ThrowingKernel = OpDef.Define("MyThrowingKernel", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        kernel: _ => (_, _) => throw new ArithmeticException("overflow in row 0"));

    /// <summary>y = 2x whose VJP says "no derivative" (a null cotangent) for its operand: a gradient that is always zero.</summary>
    public static readonly OpDef DoubleDroppedCotangent = OpDef.Define("MyDoubleDropped", 1,
        forward: (x, _) => Map(x[0], v => 2 * v),
        vjp: (_, _) => [null]);

    /// <summary>A VJP rule that returns null instead of an array.</summary>
    public static readonly OpDef NullVjp = OpDef.Define("MyNullVjp", 1,
        forward: (x, _) => x[0],
        vjp: (_, _) => null!);

    /// <summary>A binary op whose VJP returns one cotangent.</summary>
    public static readonly OpDef OneCotangent = OpDef.Define("MyOneCotangent", 2,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy]);

    /// <summary>A JVP rule that throws.</summary>
    public static readonly OpDef ThrowingJvp = OpDef.Define("MyThrowingJvp", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        jvp: (_, _) => throw new NotSupportedException("forward mode not written"));

    /// <summary>A JVP that sums its tangent to a scalar instead of keeping the output's shape.</summary>
    public static readonly OpDef JvpWrongShape = OpDef.Define("MyScalarTangent", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        jvp: (_, t) => t[0]?.Sum());

    /// <summary>Rules that explain their own failure with a <see cref="PrimitiveRuleException"/>, which must reach the caller as it is.</summary>
    public static readonly OpDef SelfExplainingFactory = OpDef.Define("MyExplainingFactory", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        kernel: _ => throw new PrimitiveRuleException("the factory explains itself"));

    /// <inheritdoc cref="SelfExplainingFactory"/>
    public static readonly OpDef SelfExplainingKernel = OpDef.Define("MyExplainingKernel", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        kernel: _ => (_, _) => throw new PrimitiveRuleException("the kernel explains itself"));

    /// <inheritdoc cref="SelfExplainingFactory"/>
    public static readonly OpDef SelfExplainingJvp = OpDef.Define("MyExplainingJvp", 1,
        forward: (x, _) => x[0],
        vjp: (y, dy) => [dy],
        jvp: (_, _) => throw new PrimitiveRuleException("the JVP explains itself"));

    // ---- made to measure: each check sees exactly the numbers it compares (verdict boundaries) ----

    /// <summary>
    /// y = a·x whose VJP has slope <paramref name="vjp"/> and JVP slope <paramref name="jvp"/>: finite differences see
    /// <paramref name="forward"/>, reverse mode <paramref name="vjp"/>, forward mode <paramref name="jvp"/>.
    /// </summary>
    public static OpDef Linear(double forward, double vjp, double jvp) => OpDef.Define("MyLinear", 1,
        forward: (x, _) => Map(x[0], v => forward * v),
        vjp: (_, dy) => [dy * vjp],
        jvp: (_, t) => t[0] is { } dx ? dx * jvp : null);

    /// <summary>
    /// A constant: the plain forward fills the output with <paramref name="forward"/>, the fast kernel with
    /// <paramref name="kernel"/>; no derivative. A second operand, if any, is ignored (a mask, say).
    /// </summary>
    public static OpDef ConstantKernel(double forward, double kernel, int arity = 1) => OpDef.Define("MyConstant", arity,
        forward: (x, _) => Tensor.Full(x[0].Shape, forward),
        vjp: (_, dy) => [dy * 0.0, .. Enumerable.Repeat<Expr?>(null, arity - 1)],
        kernel: _ => (_, output) => Array.Fill(output, kernel));

    /// <summary>A right kernel (zeros) beside a plain forward that returns a scalar: only the kernel-versus-forward check calls the forward.</summary>
    public static readonly OpDef KernelBesideScalarForward = OpDef.Define("MyScalarForward", 1,
        forward: (_, _) => Tensor.Scalar(0.0),
        vjp: (_, dy) => [dy * 0.0],
        kernel: _ => (_, output) => Array.Fill(output, 0.0));

    /// <summary>Reverses a vector, with a VJP that passes dy on without reversing it back: right only for a cotangent whose elements are all equal.</summary>
    public static readonly OpDef ReverseForgotToReverseDy = OpDef.Define("MyReverse", 1,
        forward: (x, _) => Tensor.Generate(x[0].Shape, i => x[0].Span[x[0].Size - 1 - i]),
        vjp: (_, dy) => [dy]);

    /// <summary>
    /// A Taylor remainder made to measure: f(0) = 0 with no derivative there, and f(±h) = 3⁷⁻ᵏ·2⁻³⁰ at the Taylor
    /// test's steps h = 10⁻²/2ᵏ, so that each halving of h divides the remainder by exactly 3 (all exact in float64).
    /// </summary>
    public static readonly OpDef TaylorRatioThree = OpDef.Define("MyRatioThree", 1,
        forward: (x, _) => Map(x[0], v => v == 0 ? 0 : Math.Pow(3, 7 - Math.Log2(1e-2 / Math.Abs(v))) * Math.Pow(2, -30)),
        vjp: (_, dy) => [dy * 0.0]);
}
