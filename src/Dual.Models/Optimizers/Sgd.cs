using System.Buffers;
using System.Numerics.Tensors;

namespace Dual.Models;

/// <summary>
/// Stochastic gradient descent, optionally with momentum (PyTorch's form) and Nesterov momentum.
/// Plain: <c>p ← p − η·g</c>. Momentum μ: <c>v ← μ·v + g</c> (v starts at 0), then
/// <c>p ← p − η·v</c>, or with Nesterov <c>p ← p − η·(g + μ·v)</c>. The state has one slot,
/// <c>velocity</c>, when μ &gt; 0, and none otherwise.
/// </summary>
public sealed class Sgd : IInPlaceOptimizer
{
    /// <summary>The name of the momentum slot in the state.</summary>
    public const string VelocitySlot = "velocity";

    /// <summary>SGD with learning rate (or schedule) <paramref name="learningRate"/>, momentum μ in [0, 1) and optional Nesterov momentum (which needs μ &gt; 0).</summary>
    public Sgd(LearningRateSchedule learningRate, double momentum = 0, bool nesterov = false)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        OptimizerChecks.Beta(momentum, nameof(momentum));
        if (nesterov && momentum == 0)
            throw new ArgumentException("Nesterov momentum needs a momentum > 0.", nameof(nesterov));
        LearningRate = learningRate;
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <inheritdoc/>
    public LearningRateSchedule LearningRate { get; }

    /// <summary>The momentum μ (0: plain SGD).</summary>
    public double Momentum { get; }

    /// <summary>Whether the step looks ahead along the velocity (Nesterov).</summary>
    public bool Nesterov { get; }

    private string[] Slots => Momentum > 0 ? [VelocitySlot] : [];

    /// <inheritdoc/>
    public OptimizerState Init(Params parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Momentum > 0
            ? new OptimizerState(0, [new(VelocitySlot, parameters.Map((_, p) => Tensor.Zeros(p.Shape)))])
            : new OptimizerState(0);
    }

    /// <inheritdoc/>
    public (Params Params, OptimizerState State) Update(Params parameters, Params gradients, OptimizerState state) =>
        Apply(parameters, gradients, state, null);

    OptimizerState IInPlaceOptimizer.UpdateInPlace(OwnedArrays owned, Params gradients) =>
        Apply(owned.Parameters, gradients, owned.State, owned).State;

    // The update into new arrays, or with owned over p and v's own arrays (each element is read before it is written).
    private (Params Params, OptimizerState State) Apply(Params parameters, Params gradients, OptimizerState state, OwnedArrays? owned)
    {
        var inPlace = owned is not null;
        ArgumentNullException.ThrowIfNull(parameters);
        OptimizerChecks.SameKeys(parameters, gradients, "gradients", nameof(gradients));
        OptimizerChecks.State(nameof(Sgd), parameters, state, Slots);
        var lr = LearningRate.At(state.Step);
        var velocity = Momentum > 0 ? state[VelocitySlot] : null;
        var newP = inPlace ? null : new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var newV = inPlace || velocity is null ? null : new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var i = 0;
        foreach (var (path, p) in parameters)
        {
            var g = gradients[path].Span;
            var p1 = owned?.ParameterArrays[i] ?? Elementwise.Uninitialized(p.Shape);
            if (velocity is null)
            {
                TensorPrimitives.MultiplyAdd(g, -lr, p.Span, p1);
            }
            else
            {
                var v = velocity[path];
                var v1 = owned?.SlotArrays[VelocitySlot][i] ?? Elementwise.Uninitialized(v.Shape);
                TensorPrimitives.MultiplyAdd(v.Span, Momentum, g, v1);
                if (Nesterov)
                {
                    var lookahead = ArrayPool<double>.Shared.Rent(p.Size);
                    var step = lookahead.AsSpan(0, p.Size);
                    TensorPrimitives.MultiplyAdd(v1, Momentum, g, step);
                    TensorPrimitives.MultiplyAdd(step, -lr, p.Span, p1);
                    ArrayPool<double>.Shared.Return(lookahead);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(v1, -lr, p.Span, p1);
                }
                newV?.Add(new(path, TensorMarshal.FromOwnedArray(v.Shape, v1)));
            }
            newP?.Add(new(path, TensorMarshal.FromOwnedArray(p.Shape, p1)));
            i++;
        }
        var next = velocity is null
            ? new OptimizerState(state.Step + 1)
            : new OptimizerState(state.Step + 1, [new(VelocitySlot, newV is null ? velocity : Params.Of(newV))]);
        return (newP is null ? parameters : Params.Of(newP), next);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Momentum == 0 ? $"Sgd(lr {LearningRate})" : $"Sgd(lr {LearningRate}, momentum {Momentum}{(Nesterov ? ", Nesterov" : "")})";
}
