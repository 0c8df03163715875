using System.Globalization;

namespace Dual;

public sealed partial class Expr
{
    /// <summary>
    /// This expression as one line of mathematics, simplified first (<see cref="Simplify()"/>), e.g. the neuron's
    /// gradient with <c>a</c> named: <c>2(a − y) · a(1 − a) · x</c>. Variables print by name, one-element constants
    /// by value, and a node listed in <paramref name="names"/> by the name given there (so a shared subexpression
    /// reads as the letter the seed gives it). σ(−u) prints as (1 − a) when σ(u) is named a: the two are equal, and
    /// the sigmoid's derivative is built from the first because it keeps its precision where a rounds to 1.
    /// Operators the page cannot write infix print as functions, <c>sum(…)</c>, <c>matmul(…)</c>.
    /// </summary>
    /// <param name="names">Names for subexpressions, compared by node identity; null for none.</param>
    public string ToFormula(IReadOnlyDictionary<Expr, string>? names = null)
    {
        var given = names?.ToArray() ?? [];
        foreach (var (node, name) in given)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(names));
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(names));
        }

        // The named nodes go through the same rewrite as the root, so each name still finds its node.
        var simplified = Simplify([this, .. given.Select(p => p.Key)]);
        var named = new Dictionary<Expr, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < given.Length; i++)
        {
            named.TryAdd(simplified[i + 1], given[i].Value);
        }

        return new FormulaWriter(named).Write(simplified[0]).Text;
    }

    /// <summary>Writes a formula bottom-up; each piece knows whether it needs parentheses as a factor.</summary>
    private sealed class FormulaWriter(Dictionary<Expr, string> named)
    {
        public Piece Write(Expr e)
        {
            if (named.TryGetValue(e, out var name))
            {
                return new(name, Strength.Atom);
            }

            return e.Op switch
            {
                OpKind.Variable => new(e.Name!, Strength.Atom),
                OpKind.Constant when e.IsZero => new("0", Strength.Atom),
                OpKind.Constant when e.Value!.Size == 1 => Number(e.Value.Span[0]),
                OpKind.Constant => new($"const{e.Shape}", Strength.Atom),
                OpKind.Add => new($"{Write(e.Input(0)).Text} + {Write(e.Input(1)).Text}", Strength.Sum),
                OpKind.Sub => new($"{Write(e.Input(0)).Text} − {Write(e.Input(1)).AtLeast(Strength.Product)}", Strength.Sum),
                OpKind.Neg => new($"−{Write(e.Input(0)).AtLeast(Strength.Product)}", Strength.Product),
                OpKind.Mul => Product(e),
                OpKind.Div => new($"{Write(e.Input(0)).AtLeast(Strength.Product)} / {Write(e.Input(1)).AtLeast(Strength.Atom)}", Strength.Product),
                OpKind.Pow => Power(e),
                OpKind.Sigmoid when e.Input(0).Op == OpKind.Neg && NamedSigmoidOf(e.Input(0).Input(0)) is { } a => new($"1 − {a}", Strength.Sum),
                OpKind.Sigmoid => new($"σ({Write(e.Input(0)).Text})", Strength.Atom),
                OpKind.Sqrt => new($"√({Write(e.Input(0)).Text})", Strength.Atom),
                _ => new($"{e.OpName.ToLowerInvariant()}({string.Join(", ", e._inputs.Select(i => Write(i).Text))})", Strength.Atom),
            };
        }

        // σ(u) named by the caller, found among the named nodes (σ(−u) and σ(u) are different nodes).
        private string? NamedSigmoidOf(Expr u) =>
            named.FirstOrDefault(p => p.Key.Op == OpKind.Sigmoid && ReferenceEquals(p.Key.Input(0), u)).Value;

        private static Piece Number(double v) => v < 0
            ? new("−" + (-v).ToString("R", CultureInfo.InvariantCulture), Strength.Product)
            : new(v.ToString("R", CultureInfo.InvariantCulture), Strength.Atom);

        // A chain of products reads as the seed writes it: 2(a − y) · a(1 − a) · x. A parenthesised factor joins
        // the one before it when that one is a number or a name; everything else is separated by " · ".
        private Piece Product(Expr e)
        {
            var factors = new List<Expr>();
            Flatten(e, factors);
            var text = new System.Text.StringBuilder();
            var previousClosed = false;
            foreach (var factor in factors)
            {
                var piece = Write(factor).AtLeast(Strength.Product);
                var parenthesised = piece.StartsWith('(');
                if (text.Length > 0)
                {
                    text.Append(parenthesised && !previousClosed ? "" : " · ");
                }

                text.Append(piece);
                previousClosed = piece.EndsWith(')');
            }

            return new(text.ToString(), Strength.Product);
        }

        private void Flatten(Expr e, List<Expr> factors)
        {
            if (e.Op == OpKind.Mul && !named.ContainsKey(e))
            {
                Flatten(e.Input(0), factors);
                Flatten(e.Input(1), factors);
            }
            else
            {
                factors.Add(e);
            }
        }

        private Piece Power(Expr e)
        {
            var p = ((ExponentAttribute)e.Attribute!).Exponent;
            var exponent = p == 2 ? "²" : p == 3 ? "³" : "^" + p.ToString("R", CultureInfo.InvariantCulture);
            return new(Write(e.Input(0)).AtLeast(Strength.Atom) + exponent, Strength.Atom);
        }
    }

    /// <summary>How tightly a piece binds: a sum needs parentheses as a factor, a product inside a power.</summary>
    private enum Strength
    {
        Sum,
        Product,
        Atom,
    }

    private readonly record struct Piece(string Text, Strength Binds)
    {
        public string AtLeast(Strength needed) => Binds >= needed ? Text : $"({Text})";
    }
}
