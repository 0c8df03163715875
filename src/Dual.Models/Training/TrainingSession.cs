namespace Dual.Models;

/// <summary>
/// The parameters and optimizer state of one training loop, owned by that loop. <see cref="Step"/> evaluates
/// the loss and gradients at the current parameters and applies the optimizer. The first update writes new
/// arrays, as <see cref="IOptimizer.Update"/> does; after that, a built-in optimizer (<see cref="Sgd"/>,
/// <see cref="Adam"/>, <see cref="AdamW"/>) writes each update over the arrays the session made itself, which
/// no other code has seen, and each step's gradients are written into arrays the session owns
/// (<see cref="CompiledGradient.EvaluateInto"/>), so a step allocates no parameter-sized arrays. The numbers are bit for bit those
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

    // While set, _parameters and _state are its tensors: arrays this session made and nobody else has seen.
    private OwnedArrays? _owned;

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; } = optimizer ?? throw new ArgumentNullException(nameof(optimizer));

    /// <summary>The number of updates so far (the optimizer state's step); the next step is step number <c>StepCount</c>, from 0.</summary>
    public int StepCount => _state.Step;

    /// <summary>The current parameters. They never change afterwards: the next update writes new arrays.</summary>
    public Params Parameters
    {
        get
        {
            _owned = null;
            return _parameters;
        }
    }

    /// <summary>The current optimizer state. It never changes afterwards: the next update writes new arrays.</summary>
    public OptimizerState State
    {
        get
        {
            _owned = null;
            return _state;
        }
    }

    // For a built-in optimizer, which keeps no gradient: one array per parameter path that every step's gradients are
    // written into (the caller-owned form of the compiled gradient), and per compiled loss the arrays in its order, the
    // tensors over them handed to the optimizer, and the input array bound at each step. None of these leaves the session.
    private readonly Dictionary<string, double[]> _gradientArrays = [];
    private readonly Dictionary<CompiledGradient, Binding> _bindings = new(ReferenceEqualityComparer.Instance);

    // Parameters: the parameters whose tensors Inputs holds in its first slots, kept between steps only while they are
    // the session's own (validated once, then bound again only when the session's parameters change).
    private sealed record Binding(Tensor[] Inputs, double[][] Arrays, Params Gradients)
    {
        public Params? Parameters { get; set; }
    }

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
        if (Optimizer is not IInPlaceOptimizer)
        {
            var (value, fresh) = Trainer.ValueAndGrad(model, _parameters, batch);
            return Apply(value, fresh, maxGradNorm);
        }
        var function = Trainer.Compile(model);
        var binding = _bindings.TryGetValue(function, out var known) ? known : _bindings[function] = NewBinding(model, function);
        var bound = _parameters;
        if (!ReferenceEquals(binding.Parameters, bound))
        {
            binding.Parameters = null;
            Trainer.Bind(model, bound, batch, binding.Inputs);
        }
        else Trainer.BindBatch(function, model.Parameters.Count, bound, batch, binding.Inputs);
        try
        {
            var loss = function.EvaluateInto(binding.Inputs, binding.Arrays);
            return Apply(loss, binding.Gradients, maxGradNorm);
        }
        finally
        {
            // The session keeps no caller's tensor: the batch's slots always go, the parameters' unless they are its own.
            binding.Parameters = _owned is not null && ReferenceEquals(bound, _parameters) ? bound : null;
            if (binding.Parameters is null) Array.Clear(binding.Inputs);
            else Array.Clear(binding.Inputs, model.Parameters.Count, binding.Inputs.Length - model.Parameters.Count);
        }
    }

    private Binding NewBinding(Built<Expr> model, CompiledGradient function)
    {
        var arrays = model.Parameters.Select(p =>
        {
            if (!_gradientArrays.TryGetValue(p.Path, out var array) || array.Length != p.Shape.Size)
                _gradientArrays[p.Path] = array = new double[p.Shape.Size];
            return array;
        }).ToArray();
        var gradients = Params.Of(model.Parameters.Select((p, i) => new KeyValuePair<string, Tensor>(p.Path, TensorMarshal.FromOwnedArray(p.Shape, arrays[i]))));
        return new Binding(new Tensor[function.Inputs.Count], arrays, gradients);
    }

    /// <summary>Clips <paramref name="gradients"/> if asked, updates, and reports the step whose loss was <paramref name="loss"/>.</summary>
    private TrainingStep Apply(double loss, Params gradients, double? maxGradNorm)
    {
        var k = _state.Step;
        var norm = Clip.GlobalNorm(gradients);
        if (maxGradNorm is { } limit) (gradients, _) = Clip.ByGlobalNorm(gradients, limit);
        var lr = Optimizer.LearningRate.At(k);
        if (Optimizer is IInPlaceOptimizer inPlace && (_owned is not null || OwnedArrays.Fits(_parameters, _state)))
        {
            // Updating a copy in place gives the pure update's bits (the same loop, another destination); once the
            // session holds arrays nobody else has seen, every later update writes over them.
            if (_owned is null)
            {
                OptimizerChecks.SameKeys(_parameters, gradients, "gradients", nameof(gradients));
                _owned = OwnedArrays.CopyOf(_parameters, _state);
                _parameters = _owned.Parameters;
            }
            _state = inPlace.UpdateInPlace(_owned, gradients);
            _owned = _owned.After(_state);
        }
        else
        {
            (_parameters, _state) = Optimizer.Update(_parameters, gradients, _state);
        }
        return new TrainingStep(k, loss, lr, norm);
    }
}
