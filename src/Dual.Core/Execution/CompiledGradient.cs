namespace Dual;

/// <summary>
/// "The value of this loss and its gradients with respect to these variables", compiled once
/// (<see cref="Grad.Compile(Expr, Expr[])"/>) and called many times. Inputs are bound by position, in the
/// order of <see cref="Inputs"/>: no names are looked up per call. Who owns the results is explicit:
/// <see cref="Evaluate"/> returns fresh tensors the caller may keep; <see cref="EvaluateInto"/> writes the
/// gradients into arrays the caller owns and returns the loss, allocating nothing. Both give exactly the
/// bits of the reference <see cref="Interpreter"/>. Any number of threads may call one compiled gradient at once.
/// </summary>
public sealed class CompiledGradient
{
    private readonly Plan _plan;
    private readonly int[] _position; // the input position bound to each of the plan's variables
    private readonly Shape[] _inputShapes;
    private readonly int[] _gradientSizes;

    internal CompiledGradient(Expr loss, Expr[] wrt, Expr[] inputs)
    {
        Loss = loss;
        wrt = [.. wrt]; // the caller's (params) array stays the caller's
        Variables = Array.AsReadOnly(wrt);
        Inputs = Array.AsReadOnly(inputs);
        _inputShapes = inputs.Select(i => i.Shape).ToArray();
        _gradientSizes = wrt.Select(w => w.Shape.Size).ToArray();
        _plan = Evaluator.PlanFor([loss, .. Grad.Of(loss, wrt)]);
        var byName = new Dictionary<string, int>();
        for (var i = 0; i < inputs.Length; i++)
            if (!byName.TryAdd(inputs[i].Name!, i)) throw new ArgumentException($"Input '{inputs[i].Name}' is listed twice.", nameof(inputs));
        _position = _plan.Variables.Select(v => byName.TryGetValue(v.Name!, out var p) ? p
            : throw new ArgumentException($"The loss uses '{v.Name}', which is not among the inputs: {string.Join(", ", byName.Keys)}.", nameof(inputs))).ToArray();
        foreach (var v in _plan.Variables)
            if (v.Shape != _inputShapes[byName[v.Name!]])
                throw new ShapeException($"Input '{v.Name}' is declared with shape {_inputShapes[byName[v.Name!]]}; the loss uses it with {v.Shape}.");
    }

    /// <summary>The plan it runs (for tests: whether it became a scalar program).</summary>
    internal Plan Plan => _plan;

    /// <summary>The loss (one element).</summary>
    public Expr Loss { get; }

    /// <summary>The variables differentiated against, in the order of the gradients.</summary>
    public IReadOnlyList<Expr> Variables { get; }

    /// <summary>Every input, in the order values are bound: the <see cref="Variables"/> first, then the loss's other variables (data).</summary>
    public IReadOnlyList<Expr> Inputs { get; }

    /// <summary>The loss and its gradients at <paramref name="inputs"/> (one per <see cref="Inputs"/>), as fresh tensors the caller may keep.</summary>
    public (Tensor Value, Tensor[] Gradients) Evaluate(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var workspace = Bind(inputs);
        try
        {
            var results = Evaluator.RunFresh(_plan, workspace, EvaluationOptions.Default);
            return (results[0], results[1..]);
        }
        finally
        {
            Array.Clear(workspace.Bound);
            _plan.ReturnWorkspace(workspace);
        }
    }

    /// <summary>
    /// The loss at <paramref name="inputs"/>, with each gradient written into the caller's array
    /// <paramref name="gradients"/>[i] (row-major, the size of <see cref="Variables"/>[i]; see <see cref="NewGradientBuffers"/>).
    /// Nothing is allocated. The arrays stay the caller's: the library keeps no reference to them. None may back an input.
    /// </summary>
    public double EvaluateInto(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<double[]> gradients)
    {
        var sizes = _gradientSizes;
        if (gradients.Length != sizes.Length)
            throw new ArgumentException($"{gradients.Length} gradient arrays for {sizes.Length} variables.", nameof(gradients));
        for (var g = 0; g < gradients.Length; g++)
        {
            var array = gradients[g] ?? throw new ArgumentNullException(nameof(gradients), $"Gradient array {g} is null.");
            if (array.Length != sizes[g])
                throw new ArgumentException($"Gradient array {g} ('{Variables[g].Name}') has {array.Length} elements; the variable has shape {Variables[g].Shape}.", nameof(gradients));
            for (var h = 0; h < g; h++)
                if (ReferenceEquals(gradients[h], array)) throw new ArgumentException($"Gradient arrays {h} and {g} are the same array.", nameof(gradients));
            foreach (var input in inputs)
                if (input is not null && ReferenceEquals(input.Data, array))
                    throw new ArgumentException($"Gradient array {g} ('{Variables[g].Name}') backs an input tensor; it would be overwritten while read.", nameof(gradients));
        }
        if (_plan.Scalar is { } program) return EvaluateScalar(program, inputs, gradients);
        var workspace = Bind(inputs);
        try
        {
            var into = workspace.Into;
            for (var g = 0; g < gradients.Length; g++) into[g + 1] = gradients[g];
            Evaluator.RunInto(_plan, workspace, EvaluationOptions.Default, into);
            return workspace.RootData[0][0];
        }
        finally
        {
            Array.Clear(workspace.Bound);
            Array.Clear(workspace.Into);
            Array.Clear(workspace.RootData);
            _plan.ReturnWorkspace(workspace);
        }
    }

    // A plan of scalars: inputs straight into the registers, gradients straight out of them (each array has one element).
    // Kept out of EvaluateInto's body so that the tensor path's code stays as it was.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private double EvaluateScalar(ScalarProgram program, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<double[]> gradients)
    {
        CheckInputs(inputs);
        var workspace = _plan.RentWorkspace();
        try
        {
            var registers = workspace.Registers!;
            program.Run(registers, inputs, _position);
            var roots = program.RootRegisters;
            for (var g = 0; g < gradients.Length; g++) gradients[g][0] = registers[roots[g + 1]];
            return registers[roots[0]];
        }
        finally
        {
            _plan.ReturnWorkspace(workspace);
        }
    }

    /// <summary>New arrays of the gradients' sizes, for <see cref="EvaluateInto"/>.</summary>
    public double[][] NewGradientBuffers() => Variables.Select(v => new double[v.Shape.Size]).ToArray();

    private Plan.Workspace Bind(ReadOnlySpan<Tensor> inputs)
    {
        CheckInputs(inputs);
        var workspace = _plan.RentWorkspace();
        var bound = workspace.Bound;
        for (var v = 0; v < bound.Length; v++) bound[v] = inputs[_position[v]];
        return workspace;
    }

    private void CheckInputs(ReadOnlySpan<Tensor> inputs)
    {
        if (inputs.Length != _inputShapes.Length)
            throw new ArgumentException($"{inputs.Length} inputs given; the compiled gradient takes {_inputShapes.Length}: {string.Join(", ", Inputs)}.", nameof(inputs));
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} ('{Inputs[i].Name}') is null.");
            if (!ReferenceEquals(input.Shape, _inputShapes[i]) && input.Shape != _inputShapes[i])
                throw new ShapeException($"Input {i} ('{Inputs[i].Name}') has shape {_inputShapes[i]} but is bound to a tensor of shape {input.Shape}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"CompiledGradient(d{Loss.Shape} / d({string.Join(", ", Variables.Select(v => v.Name))}); inputs {string.Join(", ", Inputs)})";
}
