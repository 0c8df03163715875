using System.Globalization;
using System.Text;

namespace Dual;

/// <summary>
/// What <see cref="PrimitiveCheck"/> found. On failure: the smallest failing case FsCheck found (operand
/// shapes, attribute, values), and either the gradient check localised to an operand and an element
/// (analytic vs numeric), the forward-vs-reverse and Taylor results, a kernel that disagrees with the
/// plain forward, or the error a rule raised. The seed replays the same cases.
/// </summary>
public sealed class PrimitiveCheckReport
{
    internal PrimitiveCheckReport(string primitive, ulong seed, int cases, int casesRun, int shrinks, Failure? failure)
    {
        Primitive = primitive;
        Seed = seed;
        Cases = cases;
        CasesRun = casesRun;
        Shrinks = shrinks;
        _failure = failure;
    }

    private readonly Failure? _failure;

    /// <summary>The primitive's name.</summary>
    public string Primitive { get; }

    /// <summary>The seed the cases were drawn from (<see cref="PrimitiveCheckOptions.Seed"/>).</summary>
    public ulong Seed { get; }

    /// <summary>How many cases were asked for.</summary>
    public int Cases { get; }

    /// <summary>How many cases ran up to and including the first failure (all of them when every one passed).</summary>
    public int CasesRun { get; }

    /// <summary>How many times FsCheck made the failing case smaller.</summary>
    public int Shrinks { get; }

    /// <summary>Whether every case passed.</summary>
    public bool Passed => _failure is null;

    /// <summary>The smallest failing case (its function and point), or null.</summary>
    public CaseInstance? FailingCase => _failure?.Instance;

    /// <summary>The failing case's gradient check, or null (passed, or a rule threw first).</summary>
    public GradCheckReport? GradCheck => _failure?.Report;

    /// <summary>Where a fast kernel disagreed with the plain forward, or null.</summary>
    public string? KernelMismatch => _failure?.Kernel;

    /// <summary>What a rule (or the case's drawing) threw on the failing case, or null.</summary>
    public Exception? Error => _failure?.Error;

    /// <summary>Returns the report when it passed; otherwise throws <see cref="PrimitiveCheckException"/> carrying it.</summary>
    public PrimitiveCheckReport ThrowIfFailed() => Passed ? this : throw new PrimitiveCheckException(this);

    /// <summary>The verdict, then for a failure the case and each check, one per line.</summary>
    public override string ToString()
    {
        if (_failure is null) return $"{Primitive}: passed {Cases} random cases (seed {Seed})";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Primitive}: FAILED on case {CasesRun} of {Cases}, shrunk {Shrinks} time{(Shrinks == 1 ? "" : "s")} (seed {Seed})\n");
        sb.Append(_failure.Summary);
        sb.Append(CultureInfo.InvariantCulture, $"\nreplay: the same options with Seed = {Seed} check the same cases");
        return sb.ToString();
    }

    /// <summary>A flat row-major index as <c>[i, j, …]</c>.</summary>
    internal static string Index(Shape shape, int flat)
    {
        var index = new int[shape.Rank];
        for (var axis = shape.Rank - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return $"[{string.Join(", ", index)}]";
    }

    /// <summary>One failing case: what was checked and what went wrong.</summary>
    internal sealed record Failure(CaseInstance? Instance, GradCheckReport? Report, string? Kernel, Exception? Error)
    {
        public string Summary
        {
            get
            {
                var lines = new List<string>();
                if (Instance is { } c)
                {
                    lines.Add($"  operands: {string.Join(", ", c.Inputs.Select((s, i) => $"{Operand(c, i)}{s.Shape} {s.Domain}"))}");
                    if (c.Function.Attribute is { } attribute) lines.Add($"  attribute: {attribute}");
                    foreach (var (input, i) in c.Inputs.Select((s, i) => (s, i)))
                        lines.Add($"  {Operand(c, i)} = {Values(c, i)}");
                }
                if (Report is { } r)
                {
                    foreach (var v in r.Variables)
                    {
                        var where = v.PerElement ? $"element {Index(v.Shape, v.WorstIndex)}" : $"direction {v.WorstIndex}";
                        lines.Add($"  operand {v.Name[0] - 'a'} ({v.Name}{v.Shape}) {where}: analytic {v.Analytic:R} numeric {v.Numeric:R}, " +
                                  $"abs err {v.MaxAbsError:E2} rel err {v.MaxRelError:E2} {(v.Passed ? "ok" : "FAILED")}");
                    }
                    lines.Add($"  forward vs reverse: rel err {r.ForwardReverseError:E2} {(r.ForwardReversePassed ? "ok" : "FAILED")}");
                    if (r.Taylor is { } t) lines.Add($"  {t}");
                }
                if (Kernel is { } k) lines.Add($"  {k}");
                if (Error is { } e) lines.Add($"  error: {e.GetType().Name}: {e.Message}");
                return string.Join("\n", lines);
            }
        }

        private static string Operand(CaseInstance c, int i) => c.Inputs[i].IsDifferentiable ? ((char)('a' + i)).ToString() : $"#{i}";

        private static string Values(CaseInstance c, int i)
        {
            var node = c.Function.Inputs[i];
            var value = node.Value ?? c.Point[node.Name!];
            if (value.Size > 12) return $"{value.Size} values";
            return $"[{string.Join(", ", value.ToArray().Select(x => x.ToString("G6", CultureInfo.InvariantCulture)))}]";
        }
    }
}
