namespace Dual.Tests.Execution;

/// <summary>
/// <see cref="Evaluator.RunInto"/> on a plan of scalars runs the flat program: roots go into the caller's arrays where
/// given and into the workspace's own otherwise; a checked evaluation takes the kernels, which detect non-finite values.
/// </summary>
public class ScalarRunIntoTests
{
    private static (Plan Plan, Expr[] Roots) ScalarPlan()
    {
        var s = Expr.Variable("s");
        Expr[] roots = [s * s + 1.0, (s * 3.0).Exp()];
        var plan = Evaluator.PlanFor(roots);
        Assert.NotNull(plan.Scalar);
        return (plan, roots);
    }

    [Fact]
    public void Roots_go_into_the_callers_arrays_where_given_and_the_workspaces_otherwise()
    {
        var (plan, roots) = ScalarPlan();
        var env = Env.Of(("s", Tensor.Scalar(0.5)));
        var expected = Interpreter.Evaluate(roots, env);
        var workspace = plan.RentWorkspace();
        workspace.Bound[0] = env["s"];
        var target = new double[1];
        Evaluator.RunInto(plan, workspace, EvaluationOptions.Default, [null, target]);
        Assert.Equal(1.25, workspace.RootData[0][0]);
        Assert.Equal(expected[0].ToScalar(), workspace.RootData[0][0]);
        Assert.Equal(expected[1].ToScalar(), target[0]);
        Assert.Same(target, workspace.RootData[1]);
    }

    [Fact]
    public void A_checked_run_of_a_scalar_plan_detects_overflow()
    {
        var (plan, _) = ScalarPlan();
        var workspace = plan.RentWorkspace();
        workspace.Bound[0] = Tensor.Scalar(1000.0);
        Assert.Throws<NonFiniteException>(() => Evaluator.RunInto(plan, workspace, EvaluationOptions.Checked, [null, new double[1]]));
    }
}
