namespace Track

open Dual.Track

/// Project 8, softmax and cross-entropy on a batch. A reference solution.
type SoftmaxCrossEntropy() =
    /// Row i's maximum m and Σ_k exp(Z[i,k] − m).
    let shiftedSum (logits: float[,]) (i: int) : float * float =
        let row = logits[i, *]
        let m = Array.fold max -infinity row
        m, row |> Array.sumBy (fun z -> exp (z - m))

    /// p[i,j] = exp(Z[i,j] − m_i) / Σ_k exp(Z[i,k] − m_i), m_i the row's maximum.
    let softmax (logits: float[,]) : float[,] =
        let rows = Array.init (Array2D.length1 logits) (shiftedSum logits)
        logits |> Array2D.mapi (fun i _ z -> let m, sum = rows[i] in exp (z - m) / sum)

    /// (1/batch)·Σ_i −log p[i, y[i]], with log p[i, y] = (Z[i,y] − m_i) − log Σ_k exp(Z[i,k] − m_i).
    let loss (logits: float[,]) (labels: int[]) : float =
        let batch = Array2D.length1 logits
        let logP i =
            let m, sum = shiftedSum logits i
            logits[i, labels[i]] - m - log sum
        -(Array.init batch logP |> Array.sum) / float batch

    /// dZ = (p − onehot(y)) / batch.
    let backward (logits: float[,]) (labels: int[]) : float[,] =
        let batch = float (Array2D.length1 logits)
        softmax logits |> Array2D.mapi (fun i j p -> (if j = labels[i] then p - 1.0 else p) / batch)

    interface ISoftmaxCrossEntropy with
        member _.Softmax(logits) = softmax logits
        member _.Loss(logits, labels) = loss logits labels
        member _.Backward(logits, labels) = backward logits labels
