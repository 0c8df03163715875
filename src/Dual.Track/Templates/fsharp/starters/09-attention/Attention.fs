namespace Track

open Dual.Track

/// Project 9, causal single-head attention: q = x·Wq, k = x·Wk, v = x·Wv; S = q·kᵀ/√d; P = softmax of each row i over
/// the keys j ≤ i (P[i,j] = 0 for j > i); out = P·v. x [T, C], Wq and Wk [C, d], Wv [C, e], out [T, e].
/// Read README.md in this folder, then replace each TODO. Check with `dual track check attention`.
/// The grader calls the members of IAttention at the bottom; they call your functions.
/// Array2D.init, Array2D.zeroCreate, Array2D.length1 and Array2D.length2 build and measure a float[,].
type Attention() =
    /// out = P·v. Subtract each row's largest allowed score before exp, as in project 8.
    let forward (x: float[,]) (wq: float[,]) (wk: float[,]) (wv: float[,]) : float[,] =
        raise (NotWrittenYetException "Forward")   // TODO

    /// Recompute q, k, v and P (with the mask), then backwards: dP = dOut·vᵀ and dv = Pᵀ·dOut;
    /// dS[i,j] = P[i,j]·(dP[i,j] − Σ_l dP[i,l]·P[i,l]); dq = dS·k/√d and dk = dSᵀ·q/√d;
    /// dX = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ, dWq = xᵀ·dq, dWk = xᵀ·dk, dWv = xᵀ·dv.
    /// Return AttentionGradients(dx, dWq, dWk, dWv).
    let backward (x: float[,]) (wq: float[,]) (wk: float[,]) (wv: float[,]) (dOut: float[,]) : AttentionGradients =
        raise (NotWrittenYetException "Backward")   // TODO

    interface IAttention with
        member _.Forward(x, wq, wk, wv) = forward x wq wk wv
        member _.Backward(x, wq, wk, wv, dOut) = backward x wq wk wv dOut
