using Dual.Tests.Ops;

namespace Dual.Tests.Execution;

/// <summary>
/// When the engine runs a plan as a flat <see cref="ScalarProgram"/> and when it does not. That the program's results
/// are the reference's bits is checked by <see cref="EngineMatchesReferenceTests"/> over random graphs of scalars.
/// </summary>
public class ScalarProgramTests
{
    private static (Expr Loss, Expr W, Expr B) Neuron()
    {
        var (w, b, x, y) = (Expr.Variable("w"), Expr.Variable("b"), Expr.Variable("x"), Expr.Variable("y"));
        return (((w * x + b).Sigmoid() - y).Square(), w, b);
    }

    [Fact]
    public void The_neurons_compiled_gradient_runs_as_a_scalar_program_in_both_forms()
    {
        var (loss, w, b) = Neuron();
        var f = Grad.Compile(loss, w, b);
        var program = f.Plan.Scalar;
        Assert.NotNull(program);
        Tensor[] inputs = [0.5, 0.1, 1.5, 1.0];
        var arrays = f.NewGradientBuffers();
        var into = f.EvaluateInto(inputs, arrays);
        Assert.Equal(1, program.Runs);
        var (value, gradients) = f.Evaluate(inputs);
        Assert.Equal(2, program.Runs);

        var expected = Interpreter.Evaluate([loss, .. Grad.Of(loss, w, b)], Env.Of(("w", 0.5), ("b", 0.1), ("x", 1.5), ("y", 1.0)));
        Assert.Equal(expected[0], value);
        Assert.Equal(expected[0].ToScalar(), into);
        Assert.Equal(expected[1..], gradients);
        Assert.Equal([expected[1].ToScalar(), expected[2].ToScalar()], [arrays[0][0], arrays[1][0]]);
    }

    [Fact]
    public void Evaluating_the_neurons_loss_by_name_runs_its_scalar_program()
    {
        var (loss, _, _) = Neuron();
        var env = Env.Of(("w", 0.5), ("b", 0.1), ("x", 1.5), ("y", 1.0));
        var value = Evaluator.Evaluate(loss, env);
        Assert.Equal(1, Evaluator.PlanFor([loss]).Scalar!.Runs);
        Assert.Equal(Interpreter.Evaluate(loss, env), value);
    }

    [Fact]
    public void A_user_defined_primitive_keeps_the_plan_on_its_kernels()
    {
        var x = Expr.Variable("x");
        var y = (UserPrimitives.Sigmoid.Apply(x * 2.0) + 1.0).Log();
        var env = Env.Of(("x", 0.3));
        Assert.Null(Evaluator.PlanFor([y]).Scalar);
        Assert.Equal(Interpreter.Evaluate(y, env), Evaluator.Evaluate(y, env));
        // The same graph with the built-in sigmoid is a scalar program: the user's primitive is what keeps it out.
        Assert.NotNull(Evaluator.PlanFor([((x * 2.0).Sigmoid() + 1.0).Log()]).Scalar);
    }

    [Fact]
    public void A_step_of_more_than_one_element_keeps_the_plan_on_its_kernels()
    {
        var x = Expr.Variable("x");
        var y = (x.BroadcastTo([2]) * Expr.Constant(Tensor.Vector(1.0, 2.0))).Sum();
        Assert.Null(Evaluator.PlanFor([y]).Scalar);
        Assert.Equal(Interpreter.Evaluate(y, Env.Of(("x", 0.3))), Evaluator.Evaluate(y, Env.Of(("x", 0.3))));
    }

    [Fact]
    public void Checked_evaluation_of_a_scalar_plan_takes_the_kernels_and_names_the_failing_primitive()
    {
        var x = Expr.Variable("x");
        var y = (x.Log().Exp() + 1.0) * 2.0;
        var program = Evaluator.PlanFor([y]).Scalar;
        Assert.NotNull(program);
        var e = Assert.Throws<NonFiniteException>(() => Evaluator.Evaluate(y, Env.Of(("x", -1.0)), EvaluationOptions.Checked));
        Assert.StartsWith("Log", e.Message);
        Assert.Equal(0, program.Runs);
        // Unchecked, the same plan runs as the program and lets the NaN through, as the reference does.
        Assert.True(double.IsNaN(Evaluator.Evaluate(y, Env.Of(("x", -1.0))).ToScalar()));
        Assert.Equal(1, program.Runs);
    }

    [Fact]
    public void Concurrent_calls_each_get_their_own_registers()
    {
        var (loss, w, b) = Neuron();
        var f = Grad.Compile(loss, w, b);
        var results = new double[64];
        Parallel.For(0, results.Length, i =>
        {
            var arrays = f.NewGradientBuffers();
            for (var k = 0; k < 200; k++) results[i] = f.EvaluateInto([0.01 * i, 0.1, 1.5, 1.0], arrays);
        });
        for (var i = 0; i < results.Length; i++)
            Assert.Equal(Interpreter.Evaluate(loss, Env.Of(("w", 0.01 * i), ("b", 0.1), ("x", 1.5), ("y", 1.0))).ToScalar(), results[i]);
    }
}
