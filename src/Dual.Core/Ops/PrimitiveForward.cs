namespace Dual;

/// <summary>
/// The plain forward of a user-defined primitive: its operands' values (fresh tensors, in order) and
/// the node's attribute (null when none was given) in, the output value out. It must be a pure
/// function: many threads may call it at once, and it must return the shape the shape rule promised.
/// </summary>
public delegate Tensor PrimitiveForward(IReadOnlyList<Tensor> inputs, object? attribute);
