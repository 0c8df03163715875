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
    public (Params Params, OptimizerState State) Update(Params parameters, Params gradients, OptimizerState state)
    {
        var lr = Check(parameters, gradients, state);
        if (Momentum == 0)
        {
            var plain = parameters.Map((path, p) => Elementwise.Axpy(-lr, gradients[path], p));
            return (plain, new OptimizerState(state.Step + 1));
        }

        var velocity = state[VelocitySlot].Map((path, v) => Elementwise.Axpy(Momentum, v, gradients[path]));
        var updated = parameters.Map((path, p) =>
        {
            var step = Nesterov ? Elementwise.Axpy(Momentum, velocity[path], gradients[path]) : velocity[path];
            return Elementwise.Axpy(-lr, step, p);
        });
        return (updated, new OptimizerState(state.Step + 1, [new(VelocitySlot, velocity)]));
    }

    // The operations of Update, in its order, written over p and v.
    OptimizerState IInPlaceOptimizer.UpdateInPlace(Params parameters, Params gradients, OptimizerState state)
    {
        var lr = Check(parameters, gradients, state);
        if (Momentum == 0)
        {
            foreach (var (path, p) in parameters)
                TensorPrimitives.MultiplyAdd(gradients[path].Span, -lr, p.Span, TensorMarshal.WritableSpan(p));
            return new OptimizerState(state.Step + 1);
        }

        var velocity = state[VelocitySlot];
        foreach (var (path, p) in parameters)
        {
            var v = velocity[path];
            var g = gradients[path].Span;
            TensorPrimitives.MultiplyAdd(v.Span, Momentum, g, TensorMarshal.WritableSpan(v));
            if (!Nesterov)
            {
                TensorPrimitives.MultiplyAdd(v.Span, -lr, p.Span, TensorMarshal.WritableSpan(p));
                continue;
            }
            var lookahead = ArrayPool<double>.Shared.Rent(p.Size);
            var step = lookahead.AsSpan(0, p.Size);
            TensorPrimitives.MultiplyAdd(v.Span, Momentum, g, step);
            TensorPrimitives.MultiplyAdd(step, -lr, p.Span, TensorMarshal.WritableSpan(p));
            ArrayPool<double>.Shared.Return(lookahead);
        }
        return new OptimizerState(state.Step + 1, [new(VelocitySlot, velocity)]);
    }

    private double Check(Params parameters, Params gradients, OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimizerChecks.SameKeys(parameters, gradients, "gradients", nameof(gradients));
        OptimizerChecks.State(nameof(Sgd), parameters, state, Slots);
        return LearningRate.At(state.Step);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Momentum == 0 ? $"Sgd(lr {LearningRate})" : $"Sgd(lr {LearningRate}, momentum {Momentum}{(Nesterov ? ", Nesterov" : "")})";
}
