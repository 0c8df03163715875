namespace Dual.Tests.Ops;

/// <summary>
/// Every way a user-defined primitive's rule can misbehave, one row each: the first use raises a
/// <see cref="PrimitiveRuleException"/> whose whole message names the primitive, the rule, the problem and
/// where (operand shapes, attribute, nearby variables), so a user can act on it without a debugger. A rule
/// that throws a PrimitiveRuleException of its own reaches the caller unwrapped.
/// </summary>
public class UserRuleFailureTests
{
    private static readonly Expr X = Expr.Variable("x", [2]);

    private static readonly Env At = Env.Of(("x", Tensor.Vector(1, 2)));

    private static readonly Dictionary<string, Expr> UnitTangent = new() { ["x"] = Expr.Ones([2]) };

    private static void Evaluate(OpDef op) => op.Apply(X).Evaluate(At);

    private static void Differentiate(OpDef op, params Expr[] operands) => Grad.Of(op.Apply(operands).Sum(), X);

    private static void ForwardMode(OpDef op) => Grad.Jvp(op.Apply(X), UnitTangent);

    /// <summary>Per row: what uses the primitive, the primitive and rule the exception must name, and its whole message.</summary>
    public static readonly Dictionary<string, (Action Use, OpDef Primitive, string Rule, string Message)> Wrapped = new()
    {
        ["shape rule returns null"] = (
            () => UserPrimitives.NullShapeRule.Apply(Expr.Variable("a", [2]), Expr.Variable("b", [3])),
            UserPrimitives.NullShapeRule, "shape rule",
            "MyNullShape (user-defined primitive): shape rule returned null for operands [2], [3]."),
        ["forward returns null"] = (
            () => UserPrimitives.NullForward.Apply([X], 0.5).Evaluate(At),
            UserPrimitives.NullForward, "forward",
            "MyNullForward (user-defined primitive): forward returned null for operands [2] and attribute 0.5 (near x)."),
        ["kernel factory throws"] = (
            () => Evaluate(UserPrimitives.ThrowingKernelFactory),
            UserPrimitives.ThrowingKernelFactory, "kernel",
            "MyThrowingFactory (user-defined primitive): kernel threw InvalidOperationException while being prepared for operands [2] (near x): no plan for this shape"),
        ["kernel factory returns null"] = (
            () => Evaluate(UserPrimitives.NullKernelFactory),
            UserPrimitives.NullKernelFactory, "kernel",
            "MyNullFactory (user-defined primitive): kernel factory returned null for operands [2] (near x)."),
        ["kernel throws"] = (
            () => Evaluate(UserPrimitives.ThrowingKernel),
            UserPrimitives.ThrowingKernel, "kernel",
            "MyThrowingKernel (user-defined primitive): kernel threw ArithmeticException for operands [2] (near x): overflow in row 0"),
        ["VJP returns null"] = (
            () => Differentiate(UserPrimitives.NullVjp, X),
            UserPrimitives.NullVjp, "VJP rule",
            "MyNullVjp (user-defined primitive): VJP rule returned null; it must return one cotangent per operand (1), null for a zero one."),
        ["VJP returns 1 cotangent for 2 operands"] = (
            () => Differentiate(UserPrimitives.OneCotangent, X, X),
            UserPrimitives.OneCotangent, "VJP rule",
            "MyOneCotangent (user-defined primitive): VJP rule returned 1 cotangent; MyOneCotangent has 2 operands."),
        ["VJP returns 2 cotangents for 1 operand"] = (
            () => Differentiate(UserPrimitives.TooManyCotangents, X),
            UserPrimitives.TooManyCotangents, "VJP rule",
            "MyTwoCotangents (user-defined primitive): VJP rule returned 2 cotangents; MyTwoCotangents has 1 operand."),
        ["JVP throws"] = (
            () => ForwardMode(UserPrimitives.ThrowingJvp),
            UserPrimitives.ThrowingJvp, "JVP rule",
            "MyThrowingJvp (user-defined primitive): JVP rule threw NotSupportedException for operands [2] (near x): forward mode not written"),
        ["JVP returns a tangent of the wrong shape"] = (
            () => ForwardMode(UserPrimitives.JvpWrongShape),
            UserPrimitives.JvpWrongShape, "JVP rule",
            "MyScalarTangent (user-defined primitive): JVP rule returned a tangent of shape []; the output has shape [2] (near x)."),
    };

    /// <summary>Per row: what uses the primitive, and the message its rule threw itself.</summary>
    public static readonly Dictionary<string, (Action Use, string Message)> PassedThrough = new()
    {
        ["kernel factory"] = (() => Evaluate(UserPrimitives.SelfExplainingFactory), "the factory explains itself"),
        ["kernel"] = (() => Evaluate(UserPrimitives.SelfExplainingKernel), "the kernel explains itself"),
        ["JVP rule"] = (() => ForwardMode(UserPrimitives.SelfExplainingJvp), "the JVP explains itself"),
    };

    public static TheoryData<string> WrappedRows() => [.. Wrapped.Keys];

    public static TheoryData<string> PassedThroughRows() => [.. PassedThrough.Keys];

    [Theory, MemberData(nameof(WrappedRows))]
    public void A_misbehaving_rule_is_named_with_the_problem_and_where(string row)
    {
        var (use, primitive, rule, message) = Wrapped[row];
        var e = Assert.Throws<PrimitiveRuleException>(use);
        Assert.Equal(message, e.Message);
        Assert.Same(primitive, e.Primitive);
        Assert.Equal(rule, e.Rule);
    }

    [Theory, MemberData(nameof(PassedThroughRows))]
    public void A_rules_own_primitive_rule_exception_reaches_the_caller_unwrapped(string row)
    {
        var (use, message) = PassedThrough[row];
        var e = Assert.Throws<PrimitiveRuleException>(use);
        Assert.Equal(message, e.Message);
        Assert.Null(e.InnerException);
        Assert.Null(e.Primitive);
    }

    [Fact]
    public void A_thrown_rules_exception_is_kept_as_the_inner_one()
    {
        var e = Assert.Throws<PrimitiveRuleException>(() => Evaluate(UserPrimitives.ThrowingKernel));
        Assert.Equal("overflow in row 0", Assert.IsType<ArithmeticException>(e.InnerException).Message);
    }
}
