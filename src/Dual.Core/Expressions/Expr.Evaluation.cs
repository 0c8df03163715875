namespace Dual;

public sealed partial class Expr
{
    /// <summary>The value of this expression with its variables bound by <paramref name="env"/>.</summary>
    public Tensor Evaluate(Env env, EvaluationOptions? options = null) => Evaluator.Evaluate(this, env, options);

    /// <summary>The value of an expression that uses no variables.</summary>
    public Tensor Evaluate() => Evaluator.Evaluate(this, Env.Empty);
}
