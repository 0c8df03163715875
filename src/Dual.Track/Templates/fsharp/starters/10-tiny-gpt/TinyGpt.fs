namespace Track

open Dual.Track

/// Project 10, a tiny GPT you backpropagate yourself: the backward passes of microgpt's pieces. The grader runs the
/// forward pass, the residual sums, the lm-head, the embeddings and Adam; your pieces give every gradient.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check tiny-gpt`.
/// The grader calls the members of ITinyGpt at the bottom; they call your functions.
type TinyGpt() =
    /// y = x / √(mean(x²) + eps) per row; with r = 1/√(mean(x²) + eps): dx = r·dy − r³·x·(Σ_c dy·x)/C.
    let rmsNormBackward (x: float[,]) (dy: float[,]) (eps: float) : float[,] =
        raise (NotWrittenYetException "RmsNormBackward")   // TODO

    /// Forward first (keep each head's P and the heads' outputs side by side, "merged" [T, C]); then dWo = mergedᵀ·dy,
    /// d(merged) = dy·Woᵀ, and each head's columns of d(merged) through project 9's backward (scale 1/√D, D = C/heads):
    /// its dq, dk, dv fill that head's columns of dWq, dWk, dWv, and every head adds into dX.
    /// Return MultiHeadGradients(dx, dWq, dWk, dWv, dWo).
    let attentionBackward (x: float[,]) (wq: float[,]) (wk: float[,]) (wv: float[,]) (wo: float[,]) (heads: int) (dy: float[,]) : MultiHeadGradients =
        raise (NotWrittenYetException "AttentionBackward")   // TODO

    /// h = x·W1, a = relu(h), y = a·W2: dW2 = aᵀ·dy, dh = (dy·W2ᵀ) ⊙ [h > 0], dW1 = xᵀ·dh, dX = dh·W1ᵀ.
    /// Return MlpGradients(dx, dW1, dW2).
    let mlpBackward (x: float[,]) (w1: float[,]) (w2: float[,]) (dy: float[,]) : MlpGradients =
        raise (NotWrittenYetException "MlpBackward")   // TODO

    /// dLogits[t] = (softmax(logits[t]) − one-hot(targets[t])) / T.
    let crossEntropyBackward (logits: float[,]) (targets: int[]) : float[,] =
        raise (NotWrittenYetException "CrossEntropyBackward")   // TODO

    interface ITinyGpt with
        member _.RmsNormBackward(x, dy, eps) = rmsNormBackward x dy eps
        member _.AttentionBackward(x, wq, wk, wv, wo, heads, dy) = attentionBackward x wq wk wv wo heads dy
        member _.MlpBackward(x, w1, w2, dy) = mlpBackward x w1 w2 dy
        member _.CrossEntropyBackward(logits, targets) = crossEntropyBackward logits targets
