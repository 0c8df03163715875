namespace Track

open Dual.Track

/// Project 5, activations and vanishing gradients.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check activations`.
/// The grader calls the members of IActivations at the bottom; they call your functions.
type Activations() =
    /// Your dense layer from project 3, as in project 4 (F# compiles 03-dense-layer before this file).
    let dense = DenseLayer() :> IDenseLayer

    /// sigmoid'(z) = s(1 - s), with s = sigmoid(z) = 1 / (1 + exp(-z)).
    let sigmoidDerivative (z: float) : float = raise (NotWrittenYetException "SigmoidDerivative")   // TODO

    /// tanh'(z) = 1 - tanh(z)².
    let tanhDerivative (z: float) : float = raise (NotWrittenYetException "TanhDerivative")   // TODO

    /// relu'(z) = 1 for z > 0, else 0 (take 0 at the kink z = 0).
    let reluDerivative (z: float) : float = raise (NotWrittenYetException "ReluDerivative")   // TODO

    /// gelu(z) = ½z(1 + tanh(u)), u = √(2/π)(z + 0.044715z³) (the tanh approximation). Its derivative needs the product
    /// rule (z times a function of z) and the chain rule inside tanh.
    let geluDerivative (z: float) : float = raise (NotWrittenYetException "GeluDerivative")   // TODO

    /// Project 4's network with `activation` in place of tanh (after every layer but the last), loss = mean((output - y)²).
    /// Forward (keep each layer's input h and its z), then backwards as in project 4, but dz = dX ⊙ activation'(z) of the
    /// layer before. Return √(Σ dW²) for every layer, first layer first.
    /// `match activation with Activation.Sigmoid -> ... | Activation.Tanh -> ...` tells the activations apart.
    let gradientNorms (x: float[,]) (y: float[,]) (layers: DenseParameters list) (activation: Activation) : float[] =
        raise (NotWrittenYetException "GradientNorms")   // TODO

    interface IActivations with
        member _.SigmoidDerivative(z) = sigmoidDerivative z
        member _.TanhDerivative(z) = tanhDerivative z
        member _.ReluDerivative(z) = reluDerivative z
        member _.GeluDerivative(z) = geluDerivative z
        member _.GradientNorms(x, y, layers, activation) = gradientNorms x y (List.ofSeq layers) activation
