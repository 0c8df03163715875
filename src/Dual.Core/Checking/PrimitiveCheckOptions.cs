namespace Dual;

/// <summary>
/// How <see cref="PrimitiveCheck"/> draws cases for a user-defined primitive: the operands' shapes and
/// value domains, the attribute, how many cases, the seed, and the gradient-check tolerances.
/// </summary>
public sealed record PrimitiveCheckOptions
{
    /// <summary>The defaults: elementwise operands of one random shape, values in [−2, 2], 25 cases, seed 1.</summary>
    public static PrimitiveCheckOptions Default { get; } = new();

    /// <summary>
    /// Where the default operands' values are drawn (default <see cref="Dual.Domain.Any"/>): <see cref="Dual.Domain.Positive"/>
    /// for a log, <see cref="Dual.Domain.AwayFromZero"/> around a kink. Ignored when <see cref="Inputs"/> is given.
    /// </summary>
    public Domain Domain { get; init; } = Domain.Any;

    /// <summary>
    /// The operands of one case, drawn from the choices (shapes with <see cref="Choices.Shape"/>, pairs with
    /// <see cref="Choices.BroadcastPair"/>…): one <see cref="InputSpec"/> per operand. When null, every operand has
    /// one shape of rank 0 to 4 and its values come from <see cref="Domain"/>. FsCheck shrinks the choices, so a
    /// failure is reported on the smallest shapes that still fail.
    /// </summary>
    public Func<Choices, IReadOnlyList<InputSpec>>? Inputs { get; init; }

    /// <summary>The attribute of one case, drawn from the choices (for example <c>c => c.OneOf(0.01, 0.2)</c>); null for none.</summary>
    public Func<Choices, object?>? Attribute { get; init; }

    /// <summary>How many random cases to check (default 25).</summary>
    public int Cases { get; init; } = 25;

    /// <summary>The seed of the cases (default 1): the same seed checks the same cases, so a failure replays.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Tolerances and step sizes of each case's gradient check.</summary>
    public GradCheckOptions GradCheck { get; init; } = GradCheckOptions.Default;
}
