namespace Track

open Dual.Track

/// Project 3, a dense layer on a batch: Y = X·W + b, X [batch, in], W [in, out], b [out], Y [batch, out].
/// Read README.md in this folder, then replace each TODO. Check with `dual track check dense-layer`.
/// The grader calls the members of IDenseLayer at the bottom; they call your functions.
/// Array2D.init, Array2D.length1 and Array2D.length2 build and measure a float[,].
type DenseLayer() =
    /// Y[i,j] = Σ_k X[i,k]·W[k,j] + b[j].
    let forward (x: float[,]) (w: float[,]) (b: float[]) : float[,] =
        raise (NotWrittenYetException "Forward")   // TODO

    /// Given dY = dloss/dY: dX = dY·Wᵀ, dW = Xᵀ·dY, db = dY summed over the batch rows.
    /// Return DenseGradients(dx, dw, db).
    let backward (x: float[,]) (w: float[,]) (b: float[]) (dy: float[,]) : DenseGradients =
        raise (NotWrittenYetException "Backward")   // TODO

    interface IDenseLayer with
        member _.Forward(x, w, b) = forward x w b
        member _.Backward(x, w, b, dy) = backward x w b dy
