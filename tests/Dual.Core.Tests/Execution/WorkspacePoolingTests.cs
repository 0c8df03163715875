namespace Dual.Tests.Execution;

/// <summary>
/// A plan's workspaces are pooled: every entry point gives back the one it rented (else each call allocates a new
/// one), and gives it back holding nothing of the caller's (else the pool keeps the caller's tensors and arrays alive).
/// </summary>
public class WorkspacePoolingTests
{
    private static readonly Tensor XValue = Tensor.Vector(1.0, 2.0, 3.0);

    private static Expr NewLoss(out Expr x)
    {
        x = Expr.Variable("x", [3]);
        return (x.Exp() * x).Sum();
    }

    [Fact]
    public void A_returned_workspace_is_rented_again()
    {
        var plan = Evaluator.PlanFor([NewLoss(out _)]);
        var first = plan.RentWorkspace();
        plan.ReturnWorkspace(first);
        Assert.Same(first, plan.RentWorkspace());
    }

    [Fact]
    public void Workspaces_returned_while_another_is_out_are_all_kept()
    {
        var plan = Evaluator.PlanFor([NewLoss(out _)]);
        var a = plan.RentWorkspace();
        var b = plan.RentWorkspace();
        Assert.NotSame(a, b);
        plan.ReturnWorkspace(a);
        plan.ReturnWorkspace(b);
        var again = new[] { plan.RentWorkspace(), plan.RentWorkspace() };
        Assert.Contains(a, again);
        Assert.Contains(b, again);
    }

    // Each row builds a fresh loss and returns the plan its entry point runs (Plan is internal, hence object) and a call of that entry point.
    public static TheoryData<string, Func<(object Plan, Action Call)>> EntryPoints() => new()
    {
        { "Evaluator.Evaluate", () =>
            {
                var loss = NewLoss(out _);
                return (Evaluator.PlanFor([loss]), () => Evaluator.Evaluate(loss, Env.Of(("x", XValue))));
            } },
        { "CompiledGradient.Evaluate", () =>
            {
                var loss = NewLoss(out var x);
                var compiled = Grad.Compile(loss, x);
                return (compiled.Plan, () => compiled.Evaluate(XValue));
            } },
        { "CompiledGradient.EvaluateInto", () =>
            {
                var loss = NewLoss(out var x);
                var compiled = Grad.Compile(loss, x);
                return (compiled.Plan, () => compiled.EvaluateInto([XValue], [new double[3]]));
            } },
        { "CompiledGradient.EvaluateInto, a scalar program", () =>
            {
                var s = Expr.Variable("s");
                var compiled = Grad.Compile((s * s).Exp(), s);
                Assert.NotNull(compiled.Plan.Scalar);
                return (compiled.Plan, () => compiled.EvaluateInto([Tensor.Scalar(0.5)], [new double[1]]));
            } },
    };

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Every_entry_point_gives_its_workspace_back(string entryPoint, Func<(object Plan, Action Call)> setUp)
    {
        var (untyped, call) = setUp();
        var plan = (Plan)untyped; // Plan is internal: the public theory sees it as an object
        call();
        var workspace = plan.RentWorkspace();
        plan.ReturnWorkspace(workspace);
        call();
        call();
        Assert.True(ReferenceEquals(workspace, plan.RentWorkspace()), $"{entryPoint} did not give its workspace back.");
    }

    [Fact]
    public void Evaluate_leaves_no_input_bound_in_the_pooled_workspace()
    {
        var loss = NewLoss(out var x);
        var compiled = Grad.Compile(loss, x);
        compiled.Evaluate(XValue);
        var workspace = compiled.Plan.RentWorkspace();
        Assert.All(workspace.Bound, Assert.Null);
    }

    [Fact]
    public void EvaluateInto_leaves_no_reference_to_the_callers_tensors_or_arrays_in_the_pooled_workspace()
    {
        var loss = NewLoss(out var x);
        var compiled = Grad.Compile(loss, x);
        var input = Tensor.Vector(0.5, 1.5, 2.5);
        var gradient = new double[3];
        compiled.EvaluateInto([input], [gradient]);
        var workspace = compiled.Plan.RentWorkspace();
        Assert.All(workspace.Bound, Assert.Null);
        Assert.All(workspace.Into, Assert.Null);
        Assert.All(workspace.RootData, Assert.Null);
        Assert.DoesNotContain(workspace.Outputs, o => ReferenceEquals(o, gradient) || ReferenceEquals(o, input.Data));
        Assert.DoesNotContain(workspace.Inputs.Where(i => i is not null).SelectMany(i => i), o => ReferenceEquals(o, gradient) || ReferenceEquals(o, input.Data));
    }

    [Fact]
    public void EvaluateInto_reuses_the_workspaces_private_buffers_for_the_loss()
    {
        var loss = NewLoss(out var x);
        var compiled = Grad.Compile(loss, x);
        var gradient = new double[3];
        compiled.EvaluateInto([XValue], [gradient]);
        var workspace = compiled.Plan.RentWorkspace();
        var spare = workspace.Spare.ToArray();
        Assert.Contains(spare, s => s is not null);
        compiled.Plan.ReturnWorkspace(workspace);
        var value = compiled.EvaluateInto([XValue], [gradient]);
        Assert.Equal(Interpreter.Evaluate(loss, Env.Of(("x", XValue))).ToScalar(), value);
        var after = compiled.Plan.RentWorkspace();
        Assert.Same(workspace, after);
        for (var f = 0; f < spare.Length; f++) Assert.Same(spare[f], after.Spare[f]);
    }
}
