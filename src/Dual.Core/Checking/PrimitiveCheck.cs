using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Dual;

/// <summary>
/// Checks a user-defined primitive the way the built-ins are checked (<see cref="OpCatalog"/>): on random
/// shapes and values drawn from the domain you describe, reverse mode against central finite differences,
/// forward mode against reverse mode (<c>⟨Jv, u⟩ = ⟨v, Jᵀu⟩</c>, which also checks a JVP derived from the VJP),
/// the Taylor remainder, and a fast kernel against the plain forward. FsCheck draws the cases from a
/// replayable seed and shrinks a failure to the smallest case that still fails; the report names the op,
/// the operand, the element, and the analytic and numeric values.
/// <code>
/// PrimitiveCheck.Assert(MySigmoid);                                      // in an xunit test
/// var report = PrimitiveCheck.Run(MyLog, new() { Domain = Domain.Positive });
/// </code>
/// </summary>
public static class PrimitiveCheck
{
    // Any odd gamma: with the seed it fixes FsCheck's whole random stream.
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Runs the checks and returns the report (it never throws for a failing op; see <see cref="Assert"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="primitive"/> is built in, or the options are invalid.</exception>
    public static PrimitiveCheckReport Run(OpDef primitive, PrimitiveCheckOptions? options = null)
    {
        var o = options ?? PrimitiveCheckOptions.Default;
        if (o.Cases < 1) throw new ArgumentOutOfRangeException(nameof(options), o.Cases, "At least one case must be checked.");
        var row = Case(primitive, o);

        // The last failing run is the shrunk case: FsCheck stops when no smaller candidate fails.
        int passedBefore = 0, shrinks = 0;
        PrimitiveCheckReport.Failure? last = null;
        var property = Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), (int[] choices) =>
        {
            var failure = CheckOne(primitive, row, choices, o.Seed);
            if (failure is null)
            {
                if (last is null) passedBefore++;
                return;
            }
            if (last is not null) shrinks++;
            last = failure;
            throw new PrimitiveCheckException(failure.Summary);
        });
        var config = Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(o.Cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(o.Seed, Gamma), FSharpOption<int>.None)));
        try
        {
            Check.One(config, property);
        }
        catch (Exception) when (last is not null)
        {
            // FsCheck's own message repeats what the failure already holds.
        }
        return new PrimitiveCheckReport(primitive.Name, o.Seed, o.Cases, last is null ? o.Cases : passedBefore + 1, shrinks, last);
    }

    /// <summary>Runs the checks and throws <see cref="PrimitiveCheckException"/> with the report if any fails: one call in a test.</summary>
    public static PrimitiveCheckReport Assert(OpDef primitive, PrimitiveCheckOptions? options = null) => Run(primitive, options).ThrowIfFailed();

    /// <summary>
    /// The primitive as a row of the check table, for your own properties: <c>Case(op).Instantiate(new Choices(ints), seed).Check()</c>
    /// inside an FsCheck property over <c>int[]</c> runs one case, as Dual's own property tests do for the built-ins.
    /// </summary>
    public static OpCase Case(OpDef primitive, PrimitiveCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        if (!primitive.IsUserDefined)
            throw new ArgumentException($"{primitive.Name} is built in: its row is in OpCatalog.", nameof(primitive));
        var o = options ?? PrimitiveCheckOptions.Default;
        return new OpCase(primitive.Name, true, c =>
        {
            var inputs = o.Inputs is null ? DefaultInputs(primitive.Arity, c, o.Domain) : [.. o.Inputs(c)];
            if (inputs.Length != primitive.Arity)
                throw new ArgumentException($"{primitive.Name}: PrimitiveCheckOptions.Inputs drew {inputs.Length} operands; the primitive takes {primitive.Arity}.", nameof(options));
            var attribute = o.Attribute?.Invoke(c);
            return (inputs, x => primitive.Apply(x, attribute));
        }, o.GradCheck);
    }

    private static InputSpec[] DefaultInputs(int arity, Choices c, Domain domain)
    {
        var shape = c.Shape();
        return Enumerable.Range(0, arity).Select(_ => new InputSpec(shape, domain)).ToArray();
    }

    private static PrimitiveCheckReport.Failure? CheckOne(OpDef primitive, OpCase row, int[] choices, ulong seed)
    {
        CaseInstance? instance = null;
        try
        {
            instance = row.Instantiate(new Choices(choices), ValueSeed(seed, choices));
            var report = instance.Check();
            var kernel = primitive.HasKernel ? KernelVersusForward(primitive, instance) : null;
            return report.Passed && kernel is null ? null : new PrimitiveCheckReport.Failure(instance, report, kernel, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new PrimitiveCheckReport.Failure(instance, null, null, e);
        }
    }

    // The values follow the shapes' choices and the check's seed: a case shrunk to the smallest shapes
    // still has values of its own seed.
    internal static int ValueSeed(ulong seed, int[] choices)
    {
        var hash = unchecked((int)seed ^ (int)(seed >> 32));
        foreach (var c in choices) hash = unchecked(hash * 31 + c);
        return hash;
    }

    // The fast kernel (through a plan) against the plain forward, at the case's point; null when they agree.
    private static string? KernelVersusForward(OpDef primitive, CaseInstance instance)
    {
        var node = instance.Function;
        var fast = node.Evaluate(instance.Point);
        var operands = node.Inputs.Select(x => x.Value ?? instance.Point[x.Name!]).ToArray();
        var plain = primitive.Forward!(operands, node.Attribute);
        if (plain.Shape != fast.Shape) return $"kernel vs forward: the forward returned shape {plain.Shape}; the kernel's output has {fast.Shape} FAILED";
        for (var k = 0; k < fast.Size; k++)
        {
            double a = fast.Span[k], b = plain.Span[k];
            // Within rounding of another formula, or exactly equal: NaN and the infinities match only themselves
            // (an infinite forward would otherwise make any kernel value "within" its relative tolerance).
            if (!a.Equals(b) && !(double.IsFinite(b) && Math.Abs(a - b) <= 1e-12 + 1e-12 * Math.Abs(b)))
                return $"kernel vs forward: element {PrimitiveCheckReport.Index(node.Shape, k)}: kernel {a:R} forward {b:R} FAILED";
        }
        return null;
    }
}
