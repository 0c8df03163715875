namespace Track

open Dual.Track

/// Project 1, one neuron: z = w*x + b, a = sigmoid(z), loss = (a - y)^2. A reference solution.
type Neuron() =
    let sigmoid (z: float) = 1.0 / (1.0 + exp -z)

    /// dloss/da for loss = (a - y)^2.
    let dlossDa (a: float) (y: float) : float = 2.0 * (a - y)

    /// da/dz for a = sigmoid(z), written from a so that it stays finite when exp(-z) overflows.
    let daDz (_z: float) (a: float) : float = a * (1.0 - a)

    /// dz/dw for z = w*x + b.
    let dzDw (_w: float) (x: float) (_b: float) : float = x

    /// dloss/dw: the forward pass, then the chain rule.
    let gradW (w: float) (b: float) (x: float) (y: float) : float =
        let z = w * x + b
        let a = sigmoid z
        dlossDa a y * daDz z a * dzDw w x b

    /// dloss/db: the same chain; dz/db = 1.
    let gradB (w: float) (b: float) (x: float) (y: float) : float =
        let z = w * x + b
        let a = sigmoid z
        dlossDa a y * daDz z a * 1.0

    interface INeuron with
        member _.DlossDa(a, y) = dlossDa a y
        member _.DaDz(z, a) = daDz z a
        member _.DzDw(w, x, b) = dzDw w x b
        member _.GradW(w, b, x, y) = gradW w b x y
        member _.GradB(w, b, x, y) = gradB w b x y
