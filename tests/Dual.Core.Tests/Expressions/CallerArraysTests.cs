namespace Dual.Tests.Expressions;

/// <summary>
/// Immutable means immutable: every array a caller passes to a factory is copied, so changing it afterwards changes
/// nothing that was built; and nothing the library hands out can be cast back to a writable array.
/// </summary>
public class CallerArraysTests
{
    private static readonly Expr X = Expr.Variable("x", [2, 3]);
    private static readonly Env At = Env.Of(("x", Tensor.FromArray([2, 3], [1.0, -2, 3, -4, 5, -6])));

    // Builds with the caller's arrays, records the graph's text and value, scribbles over every array, and compares.
    private static void AssertUnchanged(Func<Expr> build, Action scribble)
    {
        var node = build();
        var (text, value) = (node.ToText(), node.Evaluate(At));
        scribble();
        Assert.Equal(text, node.ToText());
        Assert.Equal(value, node.Evaluate(At));
    }

    [Fact]
    public void Concat_keeps_its_own_operand_list()
    {
        Expr[] parts = [X, X * 2.0];
        AssertUnchanged(() => Expr.Concat(0, parts), () => parts[1] = X * 100.0);
    }

    [Fact]
    public void SliceBlock_keeps_its_own_starts_and_sizes()
    {
        int[] starts = [0, 1], sizes = [2, 2];
        AssertUnchanged(() => Expr.SliceBlock(X, starts, sizes), () => (starts[1], sizes[1]) = (0, 1));
    }

    [Fact]
    public void Pad_keeps_its_own_widths()
    {
        int[] before = [1, 0], after = [0, 2];
        AssertUnchanged(() => X.Pad(before, after), () => (before[0], after[1]) = (0, 0));
    }

    [Fact]
    public void Transpose_and_reductions_keep_their_own_axes()
    {
        int[] permutation = [1, 0], axes = [1];
        AssertUnchanged(() => X.Transpose(permutation), () => (permutation[0], permutation[1]) = (0, 1));
        AssertUnchanged(() => X.Sum(axes), () => axes[0] = 0);
        AssertUnchanged(() => X.Max(axes), () => axes[0] = 0);
    }

    [Fact]
    public void Tensors_and_shapes_keep_their_own_values()
    {
        double[] values = [1, 2, 3];
        double[][] rows = [[1, 2], [3, 4]];
        int[] dims = [2, 3];
        var (vector, fromArray, fromRows, shape) = (Tensor.Vector(values), Tensor.FromArray([3], values), Tensor.FromRows(rows), Shape.Of(dims));
        values[0] = rows[0][0] = 99;
        dims[0] = 7;
        Assert.Equal(1.0, vector[0]);
        Assert.Equal(1.0, fromArray[0]);
        Assert.Equal(1.0, fromRows[0, 0]);
        Assert.Equal(Shape.Of(2, 3), shape);
        var copy = vector.ToArray();
        copy[1] = -1;
        Assert.Equal(2.0, vector[1]);
    }

    [Fact]
    public void Bindings_and_compiled_gradients_keep_their_own_lists()
    {
        (string, Tensor)[] bindings = [("x", Tensor.Vector(1, 2))];
        var env = Env.Of(bindings);
        bindings[0] = ("x", Tensor.Vector(5, 5));
        Assert.Equal(Tensor.Vector(1, 2), env["x"]);

        var (w, b) = (Expr.Variable("w"), Expr.Variable("b"));
        Expr[] wrt = [w, b];
        var compiled = Grad.Compile((w * b).Square(), wrt);
        wrt[0] = b;
        Assert.Equal(["w", "b"], compiled.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Read_only_lists_cannot_be_cast_back_to_writable_arrays()
    {
        var node = X + X;
        Assert.IsNotType<Expr[]>(node.Inputs);
        Assert.Throws<NotSupportedException>(() => ((IList<Expr>)node.Inputs)[0] = X);
        var compiled = Grad.Compile(X.Sum(), X);
        Assert.IsNotType<Expr[]>(compiled.Variables);
        Assert.IsNotType<Expr[]>(compiled.Inputs);
    }

    [Fact]
    public void Attributes_are_read_through_a_typed_accessor_that_names_the_op()
    {
        var message = Assert.Throws<InvalidOperationException>(() => (X + X).AttributeAs<string>()).Message;
        Assert.Contains("Add", message, StringComparison.Ordinal);
        Assert.NotNull(X.MatMul(X.T).AttributeAs<object>());
    }

    [Fact]
    public void Attribute_records_are_public_and_hold_no_writable_array()
    {
        var perm = new[] { 1, 0 };
        var t = X.Transpose(perm);
        perm[0] = 0;
        Assert.Equal([1, 0], t.AttributeAs<PermutationAttribute>().Permutation.ToArray());

        var arrays = typeof(AxesAttribute).Assembly.GetExportedTypes()
            .Where(type => type.Name.EndsWith("Attribute", StringComparison.Ordinal) && type.Namespace == "Dual")
            .SelectMany(type => type.GetProperties())
            .Where(p => p.PropertyType.IsArray)
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .ToList();
        Assert.Empty(arrays);
    }

    [Fact]
    public void Dual_Core_shows_its_internals_to_its_tests_alone()
    {
        var friends = typeof(Expr).Assembly.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), false)
            .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName);
        Assert.Equal(["Dual.Core.Tests"], friends);
    }

    [Fact]
    public void No_public_api_hands_out_a_writable_view_of_a_tensor()
    {
        var writable = typeof(Tensor).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Tensor)) && (m.ReturnType == typeof(Span<double>) || m.ReturnType == typeof(double[]) || m.ReturnType == typeof(Memory<double>)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.Empty(writable);
    }
}
