namespace Track

open Dual.Track

/// Project 9, causal single-head attention: out = softmax(mask(q·kᵀ/√d))·v. A reference solution.
type Attention() =
    /// f 0 + f 1 + ... + f (n - 1).
    let sumOver (n: int) (f: int -> float) : float =
        let mutable sum = 0.0
        for k in 0 .. n - 1 do
            sum <- sum + f k
        sum

    /// aᵀ.
    let transpose (a: float[,]) : float[,] = Array2D.init (Array2D.length2 a) (Array2D.length1 a) (fun i j -> a[j, i])

    /// a·b.
    let matMul (a: float[,]) (b: float[,]) : float[,] =
        Array2D.init (Array2D.length1 a) (Array2D.length2 b) (fun i j -> sumOver (Array2D.length2 a) (fun l -> a[i, l] * b[l, j]))

    /// a + b, elementwise.
    let add (a: float[,]) (b: float[,]) : float[,] = a |> Array2D.mapi (fun i j v -> v + b[i, j])

    /// P: row i is the softmax of q[i]·k[j]/√d over j ≤ i; the rest of the row is 0.
    let weights (q: float[,]) (k: float[,]) : float[,] =
        let t = Array2D.length1 q
        let scale = 1.0 / sqrt (float (Array2D.length2 q))
        let s = matMul q (transpose k)
        let p = Array2D.zeroCreate t t
        for i in 0 .. t - 1 do
            let allowed = Array.init (i + 1) (fun j -> s[i, j] * scale)
            let m = Array.fold max -infinity allowed
            let e = allowed |> Array.map (fun v -> exp (v - m))
            let sum = Array.sum e
            e |> Array.iteri (fun j v -> p[i, j] <- v / sum)
        p

    /// out = P·v.
    let forward (x: float[,]) (wq: float[,]) (wk: float[,]) (wv: float[,]) : float[,] =
        let v = matMul x wv
        matMul (weights (matMul x wq) (matMul x wk)) v

    /// dX, dWq, dWk, dWv from dOut, through P·v, the softmax, the scale and the three projections.
    let backward (x: float[,]) (wq: float[,]) (wk: float[,]) (wv: float[,]) (dOut: float[,]) : AttentionGradients =
        let q, k, v = matMul x wq, matMul x wk, matMul x wv
        let p = weights q k
        let t = Array2D.length1 x
        let scale = 1.0 / sqrt (float (Array2D.length2 wq))
        let dp = matMul dOut (transpose v)   // dP = dOut·vᵀ
        let dv = matMul (transpose p) dOut   // dv = Pᵀ·dOut
        // Softmax's backward, one row at a time: dS = P ⊙ (dP − Σ_l dP·P). Masked weights are 0, so are their dS;
        // the 1/√d of S = q·kᵀ/√d is folded in here.
        let dots = Array.init t (fun i -> sumOver (i + 1) (fun j -> dp[i, j] * p[i, j]))
        let ds = Array2D.init t t (fun i j -> if j <= i then p[i, j] * (dp[i, j] - dots[i]) * scale else 0.0)
        let dq = matMul ds k   // dq = dS·k/√d
        let dk = matMul (transpose ds) q   // dk = dSᵀ·q/√d
        let dx = add (add (matMul dq (transpose wq)) (matMul dk (transpose wk))) (matMul dv (transpose wv))
        let xT = transpose x
        AttentionGradients(dx, matMul xT dq, matMul xT dk, matMul xT dv)

    interface IAttention with
        member _.Forward(x, wq, wk, wv) = forward x wq wk wv
        member _.Backward(x, wq, wk, wv, dOut) = backward x wq wk wv dOut
