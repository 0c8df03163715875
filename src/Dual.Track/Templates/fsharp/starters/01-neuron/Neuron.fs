namespace Track

open Dual.Track

/// Project 1, one neuron: z = w*x + b, a = sigmoid(z), loss = (a - y)^2.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check neuron`.
/// The grader calls the members of INeuron at the bottom; they call your functions.
type Neuron() =
    /// dloss/da for loss = (a - y)^2.
    let dlossDa (a: float) (y: float) : float = raise (NotWrittenYetException "DlossDa")   // TODO

    /// da/dz for a = sigmoid(z). You are given a = sigmoid(z) too.
    let daDz (z: float) (a: float) : float = raise (NotWrittenYetException "DaDz")   // TODO

    /// dz/dw for z = w*x + b.
    let dzDw (w: float) (x: float) (b: float) : float = raise (NotWrittenYetException "DzDw")   // TODO

    /// dloss/dw: compute z, a (the forward pass), then multiply the factors above.
    let gradW (w: float) (b: float) (x: float) (y: float) : float = raise (NotWrittenYetException "GradW")   // TODO

    /// dloss/db: the same chain, with dz/db instead of dz/dw.
    let gradB (w: float) (b: float) (x: float) (y: float) : float = raise (NotWrittenYetException "GradB")   // TODO

    interface INeuron with
        member _.DlossDa(a, y) = dlossDa a y
        member _.DaDz(z, a) = daDz z a
        member _.DzDw(w, x, b) = dzDw w x b
        member _.GradW(w, b, x, y) = gradW w b x y
        member _.GradB(w, b, x, y) = gradB w b x y
