namespace Dual.FSharp

open System
open Dual
open Dual.Models

/// <summary>Pure optimizers (<c>Dual.Models</c>) with F# tuples: a step returns new parameters and a new state.</summary>
[<RequireQualifiedAccess>]
module Optim =

    /// <summary>Plain gradient descent with a constant learning rate.</summary>
    let sgd (learningRate: float) : IOptimizer = Sgd(LearningRateSchedule.Constant learningRate)

    /// <summary>Gradient descent with momentum.</summary>
    let sgdMomentum (learningRate: float) (momentum: float) : IOptimizer =
        Sgd(LearningRateSchedule.Constant learningRate, momentum)

    /// <summary>Adam with the usual betas (0.9, 0.999) and a constant learning rate.</summary>
    let adam (learningRate: float) : IOptimizer = Adam(LearningRateSchedule.Constant learningRate)

    /// <summary>AdamW (decoupled weight decay) with a constant learning rate.</summary>
    let adamW (learningRate: float) (weightDecay: float) : IOptimizer =
        AdamW(LearningRateSchedule.Constant learningRate, weightDecay)

    /// <summary>The state before the first update.</summary>
    let init (optimizer: IOptimizer) (parameters: Params) : OptimizerState = optimizer.Init parameters

    /// <summary>One update: <c>(parameters, state) |> Optim.step optimizer gradients</c>.</summary>
    let step (optimizer: IOptimizer) (gradients: Params) (parameters: Params, state: OptimizerState) : Params * OptimizerState =
        let struct (p, s) = optimizer.Update(parameters, gradients, state)
        p, s

/// <summary>Losses and gradients of built models, and the training loop, with F# results.</summary>
[<RequireQualifiedAccess>]
module Training =

    /// <summary>The loss of a built loss model at the parameters with the batch's inputs, and its gradients with respect to every declared parameter (same keys, same order).</summary>
    let valueAndGrad (built: Built<Expr>) (batch: Env) (parameters: Params) : float * Params =
        let struct (loss, gradients) = Trainer.ValueAndGrad(built, parameters, batch)
        loss, gradients

    /// <summary>
    /// Trains for <paramref name="steps"/> updates from <paramref name="initial"/>; step k binds <c>batches k</c>.
    /// Returns the final parameters and the loss of every step (each before its update).
    /// </summary>
    let run (optimizer: IOptimizer) (steps: int) (batches: int -> Env) (built: Built<Expr>) (initial: Params) : Params * float list =
        let result = Trainer.Run(built, initial, optimizer, steps, Func<int, Env>(batches))
        result.Params, List.ofSeq result.Losses
