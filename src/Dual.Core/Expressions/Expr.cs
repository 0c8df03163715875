namespace Dual;

/// <summary>
/// An immutable node of a computation: a constant, a named variable, or a primitive applied to
/// other nodes. Nodes are compared by reference; a node used twice is one shared node (the
/// graph is a DAG). Every node knows its <see cref="Shape"/>; a factory that is given operands of
/// the wrong shape throws at once, so an ill-shaped graph cannot exist.
/// </summary>
public sealed partial class Expr
{
    private static readonly Expr[] NoInputs = [];
    private readonly Expr[] _inputs;
    private IReadOnlyList<Expr>? _readOnlyInputs; // made on first use: a view that cannot be cast back to the array

    private Expr(OpKind op, Expr[] inputs, Shape shape, object? attribute, string? name, Tensor? value, OpDef? definition = null)
    {
        Op = op;
        Definition = definition;
        _inputs = inputs;
        Shape = shape;
        Attribute = attribute;
        Name = name;
        Value = value;
    }

    /// <summary>What this node is.</summary>
    public OpKind Op { get; }

    /// <summary>
    /// The primitive this node applies (its shape rule, kernel and derivative rules); null for leaves.
    /// For a user-defined primitive (<see cref="OpKind.Custom"/>) this is what tells two ops apart.
    /// </summary>
    public OpDef? Definition { get; }

    /// <summary>The operands, in order.</summary>
    public IReadOnlyList<Expr> Inputs => _readOnlyInputs ??= Array.AsReadOnly(_inputs);

    /// <summary>The shape of this node's value.</summary>
    public Shape Shape { get; }

    /// <summary>The primitive's parameters (axes, permutation, exponent…), or null.</summary>
    public object? Attribute { get; }

    /// <summary>The name of a <see cref="OpKind.Variable"/>; null otherwise.</summary>
    public string? Name { get; }

    /// <summary>The value of a <see cref="OpKind.Constant"/>; null otherwise.</summary>
    public Tensor? Value { get; }

    /// <summary>True for constants and variables.</summary>
    public bool IsLeaf => _inputs.Length == 0;

    /// <summary>The rank of this node's value.</summary>
    public int Rank => Shape.Rank;

    /// <summary>True for a constant known to be all zeros (used to keep derivative graphs small).</summary>
    internal bool IsZero { get; private init; }

    internal Expr Input(int i) => _inputs[i];

    internal Expr[] InputArray => _inputs;

    /// <summary>Builds a primitive node; the op's shape rule validates the operands.</summary>
    internal static Expr Apply(OpDef def, Expr[] inputs, object? attribute = null)
    {
        foreach (var input in inputs) ArgumentNullException.ThrowIfNull(input);
        if (def.Arity >= 0 && inputs.Length != def.Arity)
            throw new ArgumentException($"{def.Name} takes {def.Arity} operands, got {inputs.Length}.");
        Shape shape;
        try
        {
            shape = def.InferShape(inputs, attribute);
        }
        catch (ShapeException e)
        {
            throw new ShapeException($"{def.Name}: {e.Message}{Naming.Near(inputs)}", e);
        }
        return new Expr(def.Kind, inputs, shape, attribute, null, null, def);
    }

    /// <summary>A short description: the op, its shape and, for leaves, the name or value.</summary>
    public override string ToString() => Op switch
    {
        OpKind.Variable => $"{Name}{Shape}",
        OpKind.Constant => Value!.Size == 1 ? Value.Span[0].ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : $"const{Shape}",
        _ => $"{OpName}{Shape}",
    };

    /// <summary>The primitive's name for people (a user-defined primitive's own name), or the leaf kind.</summary>
    internal string OpName => Definition?.Name ?? Op.ToString();
}
