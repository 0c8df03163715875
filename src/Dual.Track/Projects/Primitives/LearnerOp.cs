using System.Runtime.ExceptionServices;

namespace Dual.Track.Projects;

/// <summary>
/// Runs a learner's primitive through Dual on vectors: its forward (by evaluation), its VJP rule (by reverse mode, for a
/// given cotangent) and its JVP rule (by forward mode). Dual reports a rule that throws as a
/// <see cref="PrimitiveRuleException"/> naming the op; a TODO inside a rule is unwrapped, so the grader reports it as
/// not written yet rather than as a failure.
/// </summary>
internal static class LearnerOp
{
    private static readonly string[] Names = ["a", "b", "c"];

    /// <summary>The op applied to operands of shape [n] (row k of <paramref name="operands"/> is operand k).</summary>
    public static double[] Forward(OpDef op, double[][] operands)
    {
        var (y, env) = Applied(op, operands);
        return Unwrapped(() => Evaluator.Evaluate(y, env).ToArray());
    }

    /// <summary>Each operand's cotangent for the output cotangent <paramref name="dy"/>, by the learner's VJP rule.</summary>
    public static double[][] Cotangents(OpDef op, double[][] operands, double[] dy)
    {
        var (y, env) = Applied(op, operands);
        var (_, cotangents) = Unwrapped(() => Grad.Vjp(y, env, Tensor.FromArray(y.Shape, dy), Names[..operands.Length]));
        return [.. cotangents.Select(c => c.ToArray())];
    }

    /// <summary>The output's tangent for the operands' <paramref name="tangents"/>, by the learner's JVP rule (or the one Dual derives).</summary>
    public static double[] Tangent(OpDef op, double[][] operands, double[][] tangents)
    {
        var (y, env) = Applied(op, operands);
        var t = Env.Of([.. tangents.Select((v, k) => (Names[k], Tensor.FromArray(Shape.Of(v.Length), v)))]);
        return Unwrapped(() => Grad.Jvp(y, env, t).Tangent.ToArray());
    }

    /// <summary>The TODO somewhere in <paramref name="e"/>'s chain of causes, or null.</summary>
    public static NotWrittenYetException? Todo(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NotWrittenYetException todo)
            {
                return todo;
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="f"/>, rethrowing a TODO that Dual wrapped in a rule error as the TODO itself.</summary>
    public static T Unwrapped<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (PrimitiveRuleException e) when (Todo(e) is { } todo)
        {
            ExceptionDispatchInfo.Throw(todo);
            throw;
        }
    }

    private static (Expr Y, Env Env) Applied(OpDef op, double[][] operands)
    {
        if (operands.Length != op.Arity)
        {
            throw new InvalidOperationException($"{op.Name} was defined with arity {op.Arity}; it is applied here to {operands.Length} operands");
        }

        var shape = Shape.Of(operands[0].Length);
        var variables = operands.Select((_, k) => Expr.Variable(Names[k], shape)).ToArray();
        var env = Env.Of([.. operands.Select((v, k) => (Names[k], Tensor.FromArray(shape, v)))]);
        return (Unwrapped(() => op.Apply(variables)), env);
    }
}
