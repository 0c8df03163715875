namespace Dual;

/// <summary>
/// A user-defined primitive's definition broke its contract when it was first used: its shape rule,
/// forward, kernel, VJP or JVP rule threw, or returned the wrong number of cotangents or a value of
/// the wrong shape. The message names the primitive and the rule.
/// </summary>
public sealed class PrimitiveRuleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PrimitiveRuleException() { }

    /// <summary>Creates the exception with a message.</summary>
    public PrimitiveRuleException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PrimitiveRuleException(string message, Exception inner) : base(message, inner) { }

    internal PrimitiveRuleException(OpDef primitive, string rule, string problem, Exception? inner = null)
        : base($"{primitive.Name} (user-defined primitive): {rule} {problem}", inner)
    {
        Primitive = primitive;
        Rule = rule;
    }

    /// <summary>The primitive whose definition is at fault.</summary>
    public OpDef? Primitive { get; }

    /// <summary>Which part of the definition: "shape rule", "forward", "kernel", "VJP rule" or "JVP rule".</summary>
    public string? Rule { get; }
}
