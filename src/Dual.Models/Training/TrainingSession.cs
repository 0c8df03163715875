namespace Dual.Models;

/// <summary>
/// The parameters and optimizer state of one training loop, owned by that loop. <see cref="Step"/> evaluates
/// the loss and gradients at the current parameters and applies the optimizer. The first update writes new
/// arrays, as <see cref="IOptimizer.Update"/> does; after that, a built-in optimizer (<see cref="Sgd"/>,
/// <see cref="Adam"/>, <see cref="AdamW"/>) writes each update over the arrays the session made itself, which
/// no other code has seen, and each step's gradients are evaluated into the previous step's arrays, so a step
/// allocates no parameter-sized arrays. The numbers are bit for bit those
/// of the pure loop <c>(p, s) = optimizer.Update(p, g, s)</c>.
/// <para>
/// Nothing a caller holds ever changes: the <paramref name="initial"/> parameters and state are never written,
/// and <see cref="Parameters"/> and <see cref="State"/> hand out values that stay as they are. Reading either
/// makes the next update write new arrays again (copy on write). Not thread-safe: one loop owns a session.
/// </para>
/// </summary>
/// <param name="optimizer">The optimizer.</param>
/// <param name="initial">The starting parameters; never written.</param>
/// <param name="state">The optimizer state to continue from; by default <c>optimizer.Init(initial)</c>. Never written.</param>
public sealed class TrainingSession(IOptimizer optimizer, Params initial, OptimizerState? state = null)
{
    private Params _parameters = initial ?? throw new ArgumentNullException(nameof(initial));
    private OptimizerState _state = state ?? (optimizer ?? throw new ArgumentNullException(nameof(optimizer))).Init(initial);

    // True while _parameters and _state's slots are arrays this session's optimizer made and nobody else has seen.
    private bool _exclusive;

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; } = optimizer ?? throw new ArgumentNullException(nameof(optimizer));

    /// <summary>The number of updates so far (the optimizer state's step); the next step is step number <c>StepCount</c>, from 0.</summary>
    public int StepCount => _state.Step;

    /// <summary>The current parameters. They never change afterwards: the next update writes new arrays.</summary>
    public Params Parameters
    {
        get
        {
            _exclusive = false;
            return _parameters;
        }
    }

    /// <summary>The current optimizer state. It never changes afterwards: the next update writes new arrays.</summary>
    public OptimizerState State
    {
        get
        {
            _exclusive = false;
            return _state;
        }
    }

    /// <summary>The current parameters for library code that reads them and keeps nothing (evaluation), without handing them out.</summary>
    internal Params Current => _parameters;

    /// <summary>
    /// Where this session's gradients are evaluated: the arrays of the previous step's, which nothing reads once
    /// the update has used them. Null for an optimizer the library does not know, which might keep a gradient.
    /// </summary>
    internal ResultBuffers? GradientBuffers { get; } = optimizer is IInPlaceOptimizer ? new ResultBuffers() : null;

    /// <summary>
    /// One training step: the loss of <paramref name="model"/> and its gradients at the current parameters with inputs
    /// <paramref name="batch"/> (<see cref="Trainer.ValueAndGrad(Built{Expr}, Params, Env?)"/>), the gradients clipped to global norm
    /// <paramref name="maxGradNorm"/> if given, and the optimizer's update.
    /// </summary>
    /// <returns>The step's number, its loss (before the update), learning rate and gradient norm (before clipping).</returns>
    public TrainingStep Step(Built<Expr> model, Env? batch = null, double? maxGradNorm = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (maxGradNorm is { } max) OptimizerChecks.Positive(max, nameof(maxGradNorm));
        var (loss, gradients) = Trainer.ValueAndGrad(model, _parameters, batch, GradientBuffers);
        return Apply(loss, gradients, maxGradNorm);
    }

    /// <summary>Clips <paramref name="gradients"/> if asked, updates, and reports the step whose loss was <paramref name="loss"/>.</summary>
    internal TrainingStep Apply(double loss, Params gradients, double? maxGradNorm)
    {
        var k = _state.Step;
        var norm = Clip.GlobalNorm(gradients);
        if (maxGradNorm is { } limit) (gradients, _) = Clip.ByGlobalNorm(gradients, limit);
        var lr = Optimizer.LearningRate.At(k);
        if (_exclusive && Optimizer is IInPlaceOptimizer inPlace && !ReadsParameters(gradients))
        {
            _state = inPlace.UpdateInPlace(_parameters, gradients, _state);
        }
        else
        {
            (_parameters, _state) = Optimizer.Update(_parameters, gradients, _state);
            // Only the built-in optimizers are known to return arrays of their own for every tensor.
            _exclusive = Optimizer is IInPlaceOptimizer;
        }
        return new TrainingStep(k, loss, lr, norm);
    }

    // A gradient can be a parameter's own array (the gradient of sum(a * b) with respect to a is b, which the
    // interpreter may return as it was bound, or as a reshaped view of it). Writing the parameters in place would
    // then change a gradient not yet used, so such a step writes new arrays instead.
    private bool ReadsParameters(Params gradients)
    {
        foreach (var g in gradients.Values)
            foreach (var p in _parameters.Values)
                if (g.Span.Overlaps(p.Span)) return true;
        return false;
    }
}
