using Dual.Track.Tests.WrongSolutions.Primitives;

namespace Dual.Track.Tests.Projects;

public class PrimitivesGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("primitives")!;

    private static CheckResult Check(IPrimitives primitives, string name) => Assert.Single(Project.Check(primitives), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.Primitives());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.Equal(
            ["softplus forward", "softplus rules", "softplus at large |x|", "swish forward", "swish rules", "hypot forward", "hypot rules", "composed: hypot(softplus(a), swish(b))"],
            result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void The_starter_is_todo_everywhere_and_names_the_rule_to_write()
    {
        var result = Project.Grade(new Unwritten());
        Assert.Equal(ProjectStatus.Todo, result.Status);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Todo, c.Status));
        Assert.Equal("Softplus forward is not written yet", Assert.Single(result.Checks, c => c.Name == "softplus forward").Message);
        // Dual builds the gradient graph (the VJP) before it evaluates anything (the forward).
        Assert.Equal("Hypot VJP is not written yet", Assert.Single(result.Checks, c => c.Name == "hypot rules").Message);
    }

    [Fact]
    public void A_missing_factor_in_the_vjp_is_found_by_finite_differences_and_named()
    {
        var swish = Check(new SwishMissingFactor(), "swish rules");
        Assert.Equal(CheckStatus.Failed, swish.Status);
        Assert.StartsWith("swish: your VJP disagrees with finite differences of your forward at a[] element []", swish.Message, StringComparison.Ordinal);
        Assert.Contains("taylor: ratios", swish.Message, StringComparison.Ordinal);
        Assert.Equal("VJP, operand a[] element []", swish.Where);
        Assert.EndsWith("(finite differences)", swish.Expected, StringComparison.Ordinal);
        Assert.StartsWith("the factor (1 − σ(x)) of the sigmoid's derivative is missing", swish.Hint, StringComparison.Ordinal);
        Assert.StartsWith("a[] = [", swish.Input, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Check(new SwishMissingFactor(), "swish forward").Status);
        Assert.Equal(CheckStatus.Passed, Check(new SwishMissingFactor(), "softplus rules").Status);
    }

    [Fact]
    public void A_product_rule_with_one_term_is_named()
    {
        var swish = Check(new SwishProductRuleHalf(), "swish rules");
        Assert.Equal(CheckStatus.Failed, swish.Status);
        Assert.StartsWith("the product rule's second term is missing", swish.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vjp_that_ignores_dy_is_named_in_its_rules_and_breaks_the_composition()
    {
        var softplus = Check(new VjpWithoutDy(), "softplus rules");
        Assert.Equal(CheckStatus.Failed, softplus.Status);
        Assert.StartsWith("your VJP does not use dy: it must return dy times the local derivative", softplus.Hint, StringComparison.Ordinal);
        var composed = Check(new VjpWithoutDy(), "composed: hypot(softplus(a), swish(b))");
        Assert.Equal(CheckStatus.Failed, composed.Status);
        Assert.StartsWith("da[0] of the composition is wrong", composed.Message, StringComparison.Ordinal);
        Assert.StartsWith("softplus: your VJP does not use dy", composed.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vjp_that_returns_no_cotangent_fails_instead_of_leaving_nothing_to_check()
    {
        // null means "no derivative": the gradient is zero everywhere, which finite differences contradict.
        var softplus = Check(new SoftplusNullCotangent(), "softplus rules");
        Assert.Equal(CheckStatus.Failed, softplus.Status);
        Assert.StartsWith("softplus: your VJP disagrees with finite differences of your forward at a[] element []", softplus.Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Check(new SoftplusNullCotangent(), "composed: hypot(softplus(a), swish(b))").Status);
        Assert.StartsWith("your VJP gives operand a no cotangent (null, or zero) at every point", softplus.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_sign_is_named()
    {
        var softplus = Check(new SoftplusSignFlipped(), "softplus rules");
        Assert.Equal("the sign is flipped: dx = dy·σ(x), and σ(x) is positive", softplus.Hint);
        Assert.Equal(CheckStatus.Passed, Check(new SoftplusSignFlipped(), "swish rules").Status);
    }

    [Fact]
    public void Swapped_cotangents_of_the_binary_op_are_named()
    {
        var hypot = Check(new HypotOperandsSwapped(), "hypot rules");
        Assert.Equal(CheckStatus.Failed, hypot.Status);
        Assert.StartsWith("the operands' cotangents are swapped", hypot.Hint, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Check(new HypotOperandsSwapped(), "hypot forward").Status);
        var composed = Check(new HypotOperandsSwapped(), "composed: hypot(softplus(a), swish(b))");
        Assert.StartsWith("hypot's VJP is wrong: see the hypot rules check above", composed.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vjp_with_too_few_cotangents_is_reported_with_duals_own_message()
    {
        var hypot = Check(new HypotOneCotangent(), "hypot rules");
        Assert.Equal(CheckStatus.Failed, hypot.Status);
        Assert.Equal("hypot: Hypot (user-defined primitive): VJP rule returned 1 cotangent; Hypot has 2 operands.", hypot.Message);
        Assert.Equal("da = dy·a/y, db = dy·b/y: one cotangent per operand, each of its operand's shape", hypot.Hint);
    }

    [Fact]
    public void A_softplus_that_overflows_passes_small_inputs_and_fails_at_the_edge_with_the_stable_form_as_hint()
    {
        Assert.Equal(CheckStatus.Passed, Check(new SoftplusOverflows(), "softplus forward").Status);
        Assert.Equal(CheckStatus.Passed, Check(new SoftplusOverflows(), "softplus rules").Status);
        var large = Check(new SoftplusOverflows(), "softplus at large |x|");
        Assert.Equal(CheckStatus.Failed, large.Status);
        Assert.Equal("x=710", large.Input);
        Assert.Equal("forward", large.Where);
        Assert.Equal("Infinity", large.Got);
        Assert.StartsWith("ln(1 + eˣ) overflows", large.Hint, StringComparison.Ordinal);
        Assert.Contains("max(x, 0) + ln(1 + e^−|x|)", large.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jvp_that_disagrees_with_the_vjp_fails_forward_versus_reverse_only()
    {
        var softplus = Check(new WrongJvp(), "softplus rules");
        Assert.Equal(CheckStatus.Failed, softplus.Status);
        Assert.Equal("forward vs reverse", softplus.Where);
        Assert.StartsWith("softplus: forward mode disagrees with reverse mode; finite differences ok", softplus.Message, StringComparison.Ordinal);
        Assert.StartsWith("your JVP rule disagrees with your VJP rule", softplus.Hint, StringComparison.Ordinal);
        Assert.StartsWith("relative difference ", softplus.Got, StringComparison.Ordinal);
    }

    [Fact]
    public void Grading_is_reproducible()
    {
        var first = Project.Grade(new SwishMissingFactor());
        var second = Project.Grade(new SwishMissingFactor());
        Assert.Equal(first.Checks, second.Checks);
    }
}
