namespace Dual.Tests.Execution;

/// <summary>
/// A plan gives intermediates pooled buffers and hands a buffer on once its last reader has run: a chain needs two
/// buffers however long it is, and a value read again far down the graph keeps its buffer until then. Values are
/// compared bit for bit with the reference interpreter.
/// </summary>
public class SlotAllocationTests
{
    [Fact]
    public void A_chain_of_same_sized_steps_needs_two_pooled_buffers()
    {
        var x = Expr.Variable("x", [5]);
        var y = x.Exp().Tanh().Exp().Tanh().Exp().Tanh(); // five intermediates, then the root
        var plan = Evaluator.PlanFor([y]);
        Assert.Equal([5, 5], plan.SlotSizes);
        Assert.Equal(10, plan.WorkspaceDoubles);
        AssertMatchesInterpreter(y, Env.Of(("x", Tensor.Vector(0.1, -0.2, 0.3, 0.4, -0.5))));
    }

    [Fact]
    public void A_value_read_again_after_many_steps_keeps_its_buffer()
    {
        var x = Expr.Variable("x", [4]);
        var a = x.Exp();
        var chain = a.Tanh().Exp().Tanh().Exp().Tanh().Exp();
        var y = chain * a + a.Tanh() + chain.Tanh() * x;
        double[][] inputs = [[0.1, 0.2, -0.3, 0.4], [1.0, -1.0, 0.5, 2.0]];
        foreach (var values in inputs) AssertMatchesInterpreter(y, Env.Of(("x", Tensor.FromArray([4], values))));
    }

    [Fact]
    public void Writing_every_root_into_the_callers_arrays_gives_each_root_its_own_values()
    {
        var x = Expr.Variable("x", [3]);
        var a = x.Exp();
        var b = a.Tanh();
        var plan = Evaluator.PlanFor([a, b]);
        var env = Env.Of(("x", Tensor.Vector(0.1, 0.2, 0.3)));
        var expected = Interpreter.Evaluate([a, b], env);
        var workspace = plan.RentWorkspace();
        workspace.Bound[0] = env["x"];
        double[][] into = [new double[3], new double[3]];
        Evaluator.RunInto(plan, workspace, EvaluationOptions.Default, into);
        Assert.Equal(expected[0].ToArray(), into[0]);
        Assert.Equal(expected[1].ToArray(), into[1]);
    }

    private static void AssertMatchesInterpreter(Expr y, Env env) =>
        EngineMatchesReferenceTests.AssertSameBits([Interpreter.Evaluate(y, env)], [Evaluator.Evaluate(y, env)], "pooled slots");
}
