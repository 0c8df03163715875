namespace Dual;

public sealed partial class Expr
{
    /// <summary>The primitive's attribute as <typeparamref name="TAttribute"/>; throws, naming the op, if it has none of that type.</summary>
    public TAttribute AttributeAs<TAttribute>() where TAttribute : class =>
        Attribute as TAttribute
        ?? throw new InvalidOperationException($"{Op} has {(Attribute is null ? "no attribute" : $"an attribute of type {Attribute.GetType().Name}")}, not {typeof(TAttribute).Name}.");
}
