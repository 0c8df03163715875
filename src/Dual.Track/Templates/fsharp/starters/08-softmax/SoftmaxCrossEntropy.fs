namespace Track

open Dual.Track

/// Project 8, softmax and cross-entropy on a batch: logits Z [batch, classes], labels y [batch] (0 … classes − 1).
/// Read README.md in this folder, then replace each TODO. Check with `dual track check softmax`.
/// The grader calls the members of ISoftmaxCrossEntropy at the bottom; they call your functions.
/// logits[i, *] is row i as a float[]; Array.max, Array.sumBy and Array2D.mapi help.
type SoftmaxCrossEntropy() =
    /// p[i,j] = exp(Z[i,j] − m_i) / Σ_k exp(Z[i,k] − m_i), with m_i the row's maximum (so exp never overflows).
    let softmax (logits: float[,]) : float[,] = raise (NotWrittenYetException "Softmax")   // TODO

    /// The mean over the batch of −log p[i, y[i]], with log p computed as (Z[i,y] − m_i) − log Σ_k exp(Z[i,k] − m_i).
    let loss (logits: float[,]) (labels: int[]) : float = raise (NotWrittenYetException "Loss")   // TODO

    /// dloss/dZ = (p − onehot(y)) / batch.
    let backward (logits: float[,]) (labels: int[]) : float[,] = raise (NotWrittenYetException "Backward")   // TODO

    interface ISoftmaxCrossEntropy with
        member _.Softmax(logits) = softmax logits
        member _.Loss(logits, labels) = loss logits labels
        member _.Backward(logits, labels) = backward logits labels
