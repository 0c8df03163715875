using System.Text;

namespace Dual;

/// <summary>What <see cref="GradCheck"/> found: per variable, forward vs reverse, and the Taylor test.</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(IReadOnlyList<VariableCheck> variables, double forwardReverseError, bool forwardReversePassed, TaylorCheck? taylor)
    {
        Variables = variables;
        ForwardReverseError = forwardReverseError;
        ForwardReversePassed = forwardReversePassed;
        Taylor = taylor;
    }

    /// <summary>The finite-difference comparison per variable.</summary>
    public IReadOnlyList<VariableCheck> Variables { get; }

    /// <summary><c>|⟨Jv, u⟩ − ⟨v, Jᵀu⟩|</c> relative to the larger side.</summary>
    public double ForwardReverseError { get; }

    /// <summary>Whether forward and reverse mode agree within tolerance.</summary>
    public bool ForwardReversePassed { get; }

    /// <summary>The Taylor remainder test, if it was run.</summary>
    public TaylorCheck? Taylor { get; }

    /// <summary>The largest absolute finite-difference error over all variables.</summary>
    public double MaxAbsError => Variables.Count == 0 ? 0 : Variables.Max(v => v.MaxAbsError);

    /// <summary>The largest relative finite-difference error over all variables.</summary>
    public double MaxRelError => Variables.Count == 0 ? 0 : Variables.Max(v => v.MaxRelError);

    /// <summary>Whether every check passed.</summary>
    public bool Passed => Variables.All(v => v.Passed) && ForwardReversePassed && (Taylor?.Passed ?? true);

    /// <summary>A multi-line account, one line per variable, then forward-vs-reverse and Taylor.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var v in Variables) sb.AppendLine(v.ToString());
        sb.AppendLine($"forward vs reverse: rel err {ForwardReverseError:E2} {(ForwardReversePassed ? "ok" : "FAILED")}");
        if (Taylor is not null) sb.AppendLine(Taylor.ToString());
        sb.Append(Passed ? "passed" : "FAILED");
        return sb.ToString();
    }
}
