namespace Dual;

/// <summary>
/// What a model description reads and writes while it is built: the current scope path (the
/// reader) and the parameters declared so far (the writer). Private to one <see cref="Model{T}.Build"/> call.
/// </summary>
internal sealed class ModelScope
{
    private readonly List<ParamSpec> _specs;
    private readonly Dictionary<string, Expr> _byPath;

    private ModelScope(string path, List<ParamSpec> specs, Dictionary<string, Expr> byPath)
    {
        Path = path;
        _specs = specs;
        _byPath = byPath;
    }

    public static ModelScope Root() => new("", [], []);

    public string Path { get; }

    public IReadOnlyList<ParamSpec> Specs => _specs;

    public IReadOnlyList<Expr> Variables => _specs.Select(s => _byPath[s.Path]).ToArray();

    public ModelScope Nested(string name) => new(Qualify(name), _specs, _byPath);

    public string Qualify(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public Expr Declare(string name, Shape shape, Initializer init)
    {
        var path = Qualify(name);
        if (_byPath.ContainsKey(path))
            throw new InvalidOperationException($"Parameter '{path}' is declared twice; give the layers distinct names (Named(\"...\")).");
        var variable = Expr.Variable(path, shape);
        _specs.Add(new ParamSpec(path, shape, init));
        _byPath.Add(path, variable);
        return variable;
    }
}
