namespace Track

open Dual.Track

/// Project 3, a dense layer on a batch: Y = X·W + b. A reference solution.
type DenseLayer() =
    /// f 0 + f 1 + ... + f (n - 1).
    let sumOver (n: int) (f: int -> float) : float =
        let mutable sum = 0.0
        for k in 0 .. n - 1 do
            sum <- sum + f k
        sum

    /// Y[i,j] = Σ_k X[i,k]·W[k,j] + b[j].
    let forward (x: float[,]) (w: float[,]) (b: float[]) : float[,] =
        let inputs = Array2D.length2 x
        Array2D.init (Array2D.length1 x) (Array2D.length2 w) (fun i j ->
            b[j] + sumOver inputs (fun k -> x[i, k] * w[k, j]))

    /// dX = dY·Wᵀ, dW = Xᵀ·dY, db = Σ_i dY[i,:].
    let backward (x: float[,]) (w: float[,]) (_b: float[]) (dy: float[,]) : DenseGradients =
        let batch, inputs, outputs = Array2D.length1 x, Array2D.length2 x, Array2D.length2 w
        let dx = Array2D.init batch inputs (fun i k -> sumOver outputs (fun j -> dy[i, j] * w[k, j]))
        let dw = Array2D.init inputs outputs (fun k j -> sumOver batch (fun i -> x[i, k] * dy[i, j]))
        let db = Array.init outputs (fun j -> sumOver batch (fun i -> dy[i, j]))
        DenseGradients(dx, dw, db)

    interface IDenseLayer with
        member _.Forward(x, w, b) = forward x w b
        member _.Backward(x, w, b, dy) = backward x w b dy
