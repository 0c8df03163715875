using System.Runtime.CompilerServices;

namespace Dual.Models;

/// <summary>
/// The training loop: evaluate the loss and its gradients with respect to the parameters, update
/// them with an optimizer, repeat. Pure in the sense of the library: the parameters, states and
/// models given are never changed; new ones are returned. <see cref="Run"/> keeps its loop's values in a
/// <see cref="TrainingSession"/>, which updates arrays nobody else has seen in place.
/// </summary>
public static class Trainer
{
    // The loss's compiled gradient with respect to the declared parameters only (not the inputs), made once per
    // built model, so every step reuses its plan.
    private static readonly ConditionalWeakTable<Built<Expr>, CompiledGradient> Compiled = [];

    /// <summary>
    /// The compiled gradient of <paramref name="model"/>'s loss with respect to its declared parameters, in declaration
    /// order; its inputs are the parameters in that order, then the loss's other variables (data). Made once per built model.
    /// </summary>
    public static CompiledGradient Compile(Built<Expr> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compiled.GetValue(model, static m => Grad.Compile(m.Value, m.Parameters.Select(p => Expr.Variable(p.Path, p.Shape)).ToArray()));
    }

    /// <summary>
    /// The loss of <paramref name="model"/> (whose <see cref="Built{T}.Value"/> is a one-element
    /// loss) at <paramref name="parameters"/> with inputs <paramref name="batch"/>, and its
    /// gradients with respect to every declared parameter, as <see cref="Params"/> with the same keys in the same order.
    /// </summary>
    public static (double Loss, Params Gradients) ValueAndGrad(Built<Expr> model, Params parameters, Env? batch = null)
    {
        var (function, inputs) = Bind(model, parameters, batch, null);
        var (value, gradients) = function.Evaluate(inputs);
        return (value.ToScalar(), Params.Of(model.Parameters.Select((p, i) => new KeyValuePair<string, Tensor>(p.Path, gradients[i]))));
    }

    /// <summary>
    /// The compiled gradient of <paramref name="model"/> and its inputs at <paramref name="parameters"/> and <paramref name="batch"/>,
    /// in <paramref name="inputs"/> if given (of the right length), else in a new array.
    /// </summary>
    internal static (CompiledGradient Function, Tensor[] Inputs) Bind(Built<Expr> model, Params parameters, Env? batch, Tensor[]? inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate(model.Parameters);
        var function = Compile(model);
        inputs ??= new Tensor[function.Inputs.Count];
        var count = model.Parameters.Count;
        for (var i = 0; i < count; i++) inputs[i] = parameters[function.Inputs[i].Name!];
        BindBatch(function, count, parameters, batch, inputs);
        return (function, inputs);
    }

    /// <summary>The batch's tensors into the inputs after the <paramref name="count"/> parameters; a batch may not bind a parameter's name.</summary>
    internal static void BindBatch(CompiledGradient function, int count, Params parameters, Env? batch, Tensor[] inputs)
    {
        batch ??= Env.Empty;
        foreach (var name in batch.Keys)
            if (parameters.ContainsKey(name))
                throw new ArgumentException($"The batch binds parameter names, which would hide the parameters: {string.Join(", ", batch.Keys.Where(parameters.ContainsKey))}.", nameof(batch));
        for (var i = count; i < inputs.Length; i++) inputs[i] = batch[function.Inputs[i].Name!];
    }

    /// <summary>
    /// Trains for <paramref name="steps"/> updates. Step k (k = the optimizer state's step, from 0)
    /// binds the inputs <paramref name="batches"/>(k) (none if null), computes the loss and gradients
    /// with <see cref="ValueAndGrad(Built{Expr}, Params, Env?)"/>, clips the gradients to global norm
    /// <paramref name="maxGradNorm"/> if given, updates with <paramref name="optimizer"/>, and
    /// reports a <see cref="TrainingStep"/> to <paramref name="onStep"/> (synchronously, in order).
    /// </summary>
    /// <param name="model">The built loss model: its value is a one-element loss expression.</param>
    /// <param name="initial">The starting parameters, exactly those the model declares.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="steps">The number of updates, >= 0.</param>
    /// <param name="batches">The inputs of step k (data, targets), or null if the loss has none.</param>
    /// <param name="onStep">Called after each update with that step's report.</param>
    /// <param name="maxGradNorm">If given (> 0), the global norm the gradients are clipped to.</param>
    /// <param name="state">The optimizer state to continue from; by default <c>optimizer.Init(initial)</c>.</param>
    /// <param name="cancellationToken">Checked before each step.</param>
    public static TrainingResult Run(
        Built<Expr> model, Params initial, IOptimizer optimizer, int steps,
        Func<int, Env>? batches = null, Action<TrainingStep>? onStep = null, double? maxGradNorm = null,
        OptimizerState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (maxGradNorm is { } max) OptimizerChecks.Positive(max, nameof(maxGradNorm));
        initial.Validate(model.Parameters);

        // The session writes updates over arrays only it has seen: `initial` and `state` are never written.
        var session = new TrainingSession(optimizer, initial, state);
        var reports = new List<TrainingStep>(steps);
        for (var i = 0; i < steps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = session.Step(model, batches?.Invoke(session.StepCount), maxGradNorm);
            reports.Add(report);
            onStep?.Invoke(report);
        }
        return new TrainingResult(session.Parameters, session.State, reports);
    }
}
