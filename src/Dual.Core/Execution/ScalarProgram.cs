namespace Dual;

/// <summary>
/// A plan of scalars (every step one element, every computing step a built-in elementwise primitive, a sum or a
/// broadcast) compiled to a flat program: one instruction per computing step over a register file with one register
/// per step. Running it costs a switch per instruction instead of a kernel delegate, operand arrays and buffers per
/// step: what is left of a neuron's evaluation. Each instruction computes what the step's kernel computes for one
/// element (<see cref="Kernels.OneElement"/>), so the results keep the reference interpreter's bits.
/// </summary>
internal sealed class ScalarProgram
{
    private readonly Instruction[] _code;
    private readonly (int Register, double Value)[] _constants;
    private readonly (int Register, int Variable)[] _variables;

    private ScalarProgram(Plan plan)
    {
        var source = plan.Source;
        _code = plan.ComputeSteps.Select(i =>
        {
            var operands = plan.Operands[i];
            int Operand(int k) => k < operands.Length ? source[operands[k]] : 0;
            var p = plan.Steps[i].Op == OpKind.Pow ? plan.Steps[i].AttributeAs<ExponentAttribute>().Exponent : 0.0;
            return new Instruction(plan.Steps[i].Op, i, Operand(0), Operand(1), Operand(2), p);
        }).ToArray();
        _constants = Enumerable.Range(0, plan.Steps.Length)
            .Where(i => plan.Constants[i] is not null).Select(i => (i, plan.Constants[i]!.Data[0])).ToArray();
        _variables = Enumerable.Range(0, plan.Steps.Length)
            .Where(i => plan.VariableOf[i] >= 0).Select(i => (i, plan.VariableOf[i])).ToArray();
        RootRegisters = plan.RootSteps.Select(r => source[r]).ToArray();
        RegisterCount = plan.Steps.Length;
    }

    /// <summary>The register that holds each root's value after <c>Run</c>.</summary>
    public int[] RootRegisters { get; }

    /// <summary>The size of the register file <c>Run</c> needs.</summary>
    public int RegisterCount { get; }

    /// <summary>
    /// How many times this program ran: a diagnostic that lets tests see the path is taken, counted without a lock
    /// because a lost count under concurrency does no harm.
    /// </summary>
    public long Runs { get; private set; }

    /// <summary>The program for <paramref name="plan"/>, or null if some step has more than one element or runs another primitive (a user-defined one, a product, a gather…).</summary>
    public static ScalarProgram? TryCompile(Plan plan)
    {
        for (var i = 0; i < plan.Steps.Length; i++)
        {
            if (plan.Steps[i].Shape.Size != 1) return null;
            if (plan.Computes(i) && !Kernels.OneElement.Covers(plan.Steps[i].Op)) return null;
        }
        return new ScalarProgram(plan);
    }

    /// <summary>A new register file with the constants in place (they are never overwritten).</summary>
    public double[] NewRegisters()
    {
        var registers = new double[RegisterCount];
        foreach (var (register, value) in _constants) registers[register] = value;
        return registers;
    }

    /// <summary>Loads the bound variables (one element each) and runs every instruction in order.</summary>
    public void Run(double[] registers, Tensor[] bound)
    {
        foreach (var (register, variable) in _variables) registers[register] = bound[variable].Data[0];
        Execute(registers);
    }

    /// <summary>Loads variable v from <paramref name="inputs"/>[<paramref name="position"/>[v]] and runs every instruction in order.</summary>
    public void Run(double[] registers, ReadOnlySpan<Tensor> inputs, int[] position)
    {
        foreach (var (register, variable) in _variables) registers[register] = inputs[position[variable]].Data[0];
        Execute(registers);
    }

    private void Execute(double[] registers)
    {
        Runs++;
        var r = registers.AsSpan();
        foreach (ref readonly var s in _code.AsSpan())
            r[s.Y] = Kernels.OneElement.Apply(s.Op, r[s.A], r[s.B], r[s.C], s.P);
    }

    /// <summary>Step <c>Y</c> applies <c>Op</c> to registers <c>A</c>, <c>B</c>, <c>C</c> (unused ones read register 0); <c>P</c> is a power's exponent.</summary>
    private readonly record struct Instruction(OpKind Op, int Y, int A, int B, int C, double P);
}
