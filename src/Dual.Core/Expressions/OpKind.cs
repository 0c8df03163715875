namespace Dual;

/// <summary>
/// What an <see cref="Expr"/> node is: a leaf (<see cref="Constant"/>, <see cref="Variable"/>), one of
/// the built-in primitives, or <see cref="Custom"/> for a primitive a user defined. Everything else
/// (sigmoid, softmax, mean…) is a composite that lowers to these.
/// </summary>
public enum OpKind
{
    /// <summary>A fixed tensor.</summary>
    Constant,
    /// <summary>A named input bound at evaluation.</summary>
    Variable,

    /// <summary>y = −x.</summary>
    Neg,
    /// <summary>y = eˣ.</summary>
    Exp,
    /// <summary>y = ln x.</summary>
    Log,
    /// <summary>y = tanh x.</summary>
    Tanh,
    /// <summary>y = √x.</summary>
    Sqrt,
    /// <summary>y = |x|.</summary>
    Abs,
    /// <summary>y = sign x (−1, 0, 1); derivative zero.</summary>
    Sign,
    /// <summary>y = xᵖ for a constant p.</summary>
    Pow,
    /// <summary>y = x, with no derivative flowing back.</summary>
    StopGradient,

    /// <summary>y = a + b (broadcasting).</summary>
    Add,
    /// <summary>y = a − b (broadcasting).</summary>
    Sub,
    /// <summary>y = a · b (broadcasting).</summary>
    Mul,
    /// <summary>y = a / b (broadcasting).</summary>
    Div,
    /// <summary>y = 1 where a &gt; b, else 0.</summary>
    Greater,
    /// <summary>y = 1 where a ≥ b, else 0.</summary>
    GreaterEqual,
    /// <summary>y = 1 where a == b, else 0.</summary>
    Equal,
    /// <summary>y = a where c ≠ 0, else b (broadcasting all three).</summary>
    Where,

    /// <summary>Sum over axes.</summary>
    Sum,
    /// <summary>Maximum over axes.</summary>
    Max,

    /// <summary>Matrix product with optional transposed operands and broadcast batch axes.</summary>
    MatMul,
    /// <summary>Same values, new shape.</summary>
    Reshape,
    /// <summary>Axes permuted.</summary>
    Transpose,
    /// <summary>Values repeated to a larger shape (NumPy rules).</summary>
    BroadcastTo,
    /// <summary>A contiguous block.</summary>
    Slice,
    /// <summary>Zero padding around a block.</summary>
    Pad,
    /// <summary>Inputs joined along an axis.</summary>
    Concat,
    /// <summary>Rows picked along an axis by integer indices.</summary>
    Gather,
    /// <summary>Rows added into zeros along an axis at integer indices.</summary>
    ScatterAdd,

    /// <summary>GELU (tanh approximation), fused: one pass instead of eight.</summary>
    Gelu,
    /// <summary>The derivative of <see cref="Gelu"/>, fused: its reverse rule's one pass.</summary>
    GeluDerivative,

    /// <summary>The logistic function σ(x) = 1 / (1 + e⁻ˣ), with the seed's rule dx = dy·σ(x)·(1 − σ(x)).</summary>
    Sigmoid,

    /// <summary>
    /// A user-defined primitive (<see cref="OpDef.Define"/>): the node's <see cref="Expr.Definition"/>
    /// says which one; two definitions are two different ops even under one name.
    /// </summary>
    Custom,
}
