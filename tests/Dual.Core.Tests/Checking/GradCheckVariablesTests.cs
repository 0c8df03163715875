using Dual.Tests.Ops;

namespace Dual.Tests.Checking;

/// <summary>GradCheck on a model with data inputs: which variables are checked, data never perturbed, clear errors.</summary>
public class GradCheckVariablesTests
{
    // An embedding lookup by token ids, a dense layer and cross-entropy against class targets, masked:
    // ids, targets and mask are variables the loss is not differentiable in.
    private static readonly Expr Ids = Expr.Variable("ids", [3]);
    private static readonly Expr Targets = Expr.Variable("targets", [3]);
    private static readonly Expr Mask = Expr.Variable("mask", [3, 4]);
    private static readonly Expr Table = Expr.Variable("table", [5, 2]);
    private static readonly Expr W = Expr.Variable("w", [2, 4]);
    private static readonly Expr Loss = Expr.SoftmaxCrossEntropy(Expr.Where(Mask, Table.Gather(Ids).MatMul(W), -1.0), Targets);

    private static readonly Env At = Env.Of(
        ("ids", Tensor.Vector(4, 0, 2)), ("targets", Tensor.Vector(1, 3, 0)),
        ("mask", Tensor.FromArray([3, 4], [1.0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1])),
        ("table", Tensor.Generate([5, 2], i => 0.3 * i - 1.1)), ("w", Tensor.Generate([2, 4], i => 0.7 - 0.2 * i)));

    [Fact]
    public void By_default_only_the_differentiable_variables_are_checked_and_data_is_left_alone()
    {
        var report = GradCheck.Run(Loss, At);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["table", "w"], report.Variables.Select(v => v.Name).Order());
    }

    [Fact]
    public void The_variables_to_check_can_be_chosen()
    {
        var report = GradCheck.Run(Loss, At, GradCheckOptions.Default with { Variables = ["w"] });
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["w"], report.Variables.Select(v => v.Name));
    }

    [Fact]
    public void The_variables_can_be_named_by_their_nodes()
    {
        var report = GradCheck.Run(Loss, At, [Table]);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["table"], report.Variables.Select(v => v.Name));
        Assert.Throws<ArgumentException>(() => GradCheck.Run(Loss, At, [Ids]));
        Assert.Throws<ArgumentException>(() => GradCheck.Run(Loss, At, [W * 2.0]));
    }

    [Fact]
    public void A_node_that_is_not_a_variable_is_named_in_the_error()
    {
        var twice = W * 2.0;
        var e = Assert.Throws<ArgumentException>("variables", () => GradCheck.Run(Loss, At, [twice]));
        Assert.StartsWith($"GradCheck checks variables; got {twice}.", e.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ArgumentException>("variables", () => GradCheck.Run(Loss, At, [null!]));
        Assert.StartsWith("GradCheck checks variables; got null.", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_named_by_their_nodes_keep_the_other_options()
    {
        var report = GradCheck.Run(Loss, At, [W], GradCheckOptions.Default with { Taylor = false });
        Assert.Equal(["w"], report.Variables.Select(v => v.Name));
        Assert.Null(report.Taylor);
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        Assert.Throws<ArgumentNullException>("f", () => GradCheck.Run(null!, At));
        Assert.Throws<ArgumentNullException>("at", () => GradCheck.Run(Loss, null!));
        Assert.Throws<ArgumentNullException>("variables", () => GradCheck.Run(Loss, At, (IReadOnlyList<Expr>)null!));
    }

    [Fact]
    public void A_function_of_data_alone_has_nothing_to_check_and_no_taylor_line()
    {
        var report = GradCheck.Run(Targets.Greater(1.5).Sum(), At);
        Assert.Empty(report.Variables);
        Assert.Null(report.Taylor);
        Assert.Equal($"forward vs reverse: rel err 0.00E+000 ok{Environment.NewLine}passed", report.ToString());
    }

    [Theory]
    [InlineData("ids")]
    [InlineData("targets")]
    [InlineData("mask")]
    public void Asking_to_differentiate_data_is_a_clear_error(string data)
    {
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Run(Loss, At, GradCheckOptions.Default with { Variables = ["w", data] }));
        Assert.Contains($"'{data}' is data", e.Message, StringComparison.Ordinal);
        Assert.Contains("table, w", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_a_variable_the_function_does_not_use_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Run(Loss, At, GradCheckOptions.Default with { Variables = ["nope"] }));
        Assert.Contains("'nope' is not a variable", e.Message, StringComparison.Ordinal);
        // The list names each variable once, separated so that each can be read.
        var listed = e.Message.Split("Its variables: ")[1].Split('.')[0].Split(", ");
        Assert.Equal(["ids", "mask", "table", "targets", "w"], listed.Order());
    }

    [Fact]
    public void A_variable_under_a_user_primitive_whose_vjp_returns_null_is_checked_and_fails()
    {
        // The rule's null cotangent leaves x unreached by reverse mode; it is still checked, not taken for data.
        var x = Expr.Variable("x", [3]);
        var f = UserPrimitives.DoubleDroppedCotangent.Apply(x).Sum();
        var at = Env.Of(("x", Tensor.Vector(0.5, -1.0, 2.0)));
        var check = Assert.Single(GradCheck.Run(f, at).Variables);
        Assert.Equal("x", check.Name);
        Assert.False(check.Passed);
        Assert.Equal(2.0, check.Numeric, 6); // d(2x)/dx, against the rule's 0
        Assert.False(GradCheck.Run(f, at, [x]).Passed); // and naming it is no error
    }
}
