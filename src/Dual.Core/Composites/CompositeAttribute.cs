namespace Dual;

/// <summary>
/// Marks a public method of <see cref="Expr"/> that lowers to primitives and has no derivative
/// code of its own. Tests use it to require a check-table entry for every composite.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class CompositeAttribute : Attribute;
