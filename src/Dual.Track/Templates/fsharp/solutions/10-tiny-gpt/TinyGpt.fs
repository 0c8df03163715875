namespace Track

open Dual.Track

/// Project 10, the backward passes of microgpt's pieces. A reference solution.
type TinyGpt() =
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

    /// One head's P: row i is the softmax over j ≤ i of q[i]·k[j]/√D on the head's columns offset … offset + size − 1.
    let weights (q: float[,]) (k: float[,]) (offset: int) (size: int) : float[,] =
        let rows = Array2D.length1 q
        let scale = 1.0 / sqrt (float size)
        let p = Array2D.zeroCreate rows rows
        for i in 0 .. rows - 1 do
            let scores = Array.init (i + 1) (fun j -> sumOver size (fun d -> q[i, offset + d] * k[j, offset + d]) * scale)
            let m = Array.fold max -infinity scores
            let e = scores |> Array.map (fun s -> exp (s - m))
            let sum = Array.sum e
            e |> Array.iteri (fun j v -> p[i, j] <- v / sum)
        p

    /// dx = r·dy − r³·x·(Σ_c dy·x)/C per row, r = 1/√(mean(x²) + eps).
    let rmsNormBackward (x: float[,]) (dy: float[,]) (eps: float) : float[,] =
        let rows, width = Array2D.length1 x, Array2D.length2 x
        let r = Array.init rows (fun t -> 1.0 / sqrt (sumOver width (fun c -> x[t, c] * x[t, c]) / float width + eps))
        let dot = Array.init rows (fun t -> sumOver width (fun c -> dy[t, c] * x[t, c]))
        Array2D.init rows width (fun t c -> r[t] * dy[t, c] - r[t] * r[t] * r[t] * x[t, c] * dot[t] / float width)

    /// The output projection's backward, then each head's (project 9's) on its columns.
    let attentionBackward (x: float[,]) (wq: float[,]) (wk: float[,]) (wv: float[,]) (wo: float[,]) (heads: int) (dy: float[,]) : MultiHeadGradients =
        let rows, width = Array2D.length1 x, Array2D.length2 x
        let size = width / heads
        let q, k, v = matMul x wq, matMul x wk, matMul x wv
        let p = Array.init heads (fun h -> weights q k (h * size) size)
        // The heads side by side: head h's P·v_h in columns h·D … h·D + D − 1.
        let merged =
            Array2D.init rows width (fun i c ->
                let h = c / size
                sumOver (i + 1) (fun j -> p[h][i, j] * v[j, c]))
        let dMerged = matMul dy (transpose wo)
        let dq, dk, dv = Array2D.zeroCreate rows width, Array2D.zeroCreate rows width, Array2D.zeroCreate rows width
        let scale = 1.0 / sqrt (float size)
        for h in 0 .. heads - 1 do
            let offset = h * size
            for i in 0 .. rows - 1 do
                // dP[i,j] = d(merged)[i]·v[j] over this head's columns; then softmax's backward and the scale.
                let dp = Array.zeroCreate (i + 1)
                let mutable dot = 0.0
                for j in 0 .. i do
                    for d in 0 .. size - 1 do
                        dp[j] <- dp[j] + dMerged[i, offset + d] * v[j, offset + d]
                        dv[j, offset + d] <- dv[j, offset + d] + p[h][i, j] * dMerged[i, offset + d]
                    dot <- dot + dp[j] * p[h][i, j]
                for j in 0 .. i do
                    let ds = p[h][i, j] * (dp[j] - dot) * scale
                    for d in 0 .. size - 1 do
                        dq[i, offset + d] <- dq[i, offset + d] + ds * k[j, offset + d]
                        dk[j, offset + d] <- dk[j, offset + d] + ds * q[i, offset + d]
        let dx = add (add (matMul dq (transpose wq)) (matMul dk (transpose wk))) (matMul dv (transpose wv))
        let xT = transpose x
        MultiHeadGradients(dx, matMul xT dq, matMul xT dk, matMul xT dv, matMul (transpose merged) dy)

    /// dW2 = aᵀ·dy, dh = (dy·W2ᵀ) ⊙ [h > 0], dW1 = xᵀ·dh, dX = dh·W1ᵀ.
    let mlpBackward (x: float[,]) (w1: float[,]) (w2: float[,]) (dy: float[,]) : MlpGradients =
        let h = matMul x w1
        let a = h |> Array2D.map (fun v -> if v > 0.0 then v else 0.0)
        let dh = matMul dy (transpose w2) |> Array2D.mapi (fun i j d -> if h[i, j] > 0.0 then d else 0.0)
        MlpGradients(matMul dh (transpose w1), matMul (transpose x) dh, matMul (transpose a) dy)

    /// (softmax − one-hot)/T, row by row, the row's largest logit subtracted before exp.
    let crossEntropyBackward (logits: float[,]) (targets: int[]) : float[,] =
        let rows = Array2D.length1 logits
        let rowMax = Array.init rows (fun t -> Array.fold max -infinity logits[t, *])
        let e = logits |> Array2D.mapi (fun t _ z -> exp (z - rowMax[t]))
        let sums = Array.init rows (fun t -> Array.sum e[t, *])
        e |> Array2D.mapi (fun t j v -> (v / sums[t] - (if j = targets[t] then 1.0 else 0.0)) / float rows)

    interface ITinyGpt with
        member _.RmsNormBackward(x, dy, eps) = rmsNormBackward x dy eps
        member _.AttentionBackward(x, wq, wk, wv, wo, heads, dy) = attentionBackward x wq wk wv wo heads dy
        member _.MlpBackward(x, w1, w2, dy) = mlpBackward x w1 w2 dy
        member _.CrossEntropyBackward(logits, targets) = crossEntropyBackward logits targets
