using System.Globalization;

namespace Dual.Models;

/// <summary>
/// The golden trace of Karpathy's microgpt (Feb 2026 revision, <c>random.seed(42)</c>, run with CPython in
/// float64), bundled with Dual.Models (from the repository's <c>data/golden/microgpt-seed42/</c>): <c>init.txt</c> (the 4,192 initial weights),
/// <c>docs.txt</c> (the 32,033 names in training order: step s trains on line s mod 32,033) and
/// <c>losses.txt</c> (the loss of each of the 1,000 steps). Replaying it with <see cref="GptConfig.MicroGpt"/>
/// and <see cref="MicroGptTrainer.MicroGptAdam"/> checks forward, backward and optimizer at once.
/// </summary>
public sealed class MicroGptGolden
{
    /// <summary>The file of initial weights: per tensor a line <c>name rows cols</c>, then <c>rows</c> lines of <c>cols</c> values; <c>#</c> starts a comment line.</summary>
    public const string InitFile = "init.txt";

    /// <summary>The file of documents (names) in training order, one per line.</summary>
    public const string DocumentsFile = "docs.txt";

    /// <summary>The file of per-step losses, one per line, round-trip precision.</summary>
    public const string LossesFile = "losses.txt";

    private MicroGptGolden(Params init, string[] documents, double[] losses)
    {
        (Init, _documents, _losses) = (init, documents, losses);
    }

    private readonly string[] _documents;
    private readonly double[] _losses;

    /// <summary>The initial weights under Dual's parameter paths (<see cref="Layers.Gpt"/>), matrices transposed to <c>[in, out]</c>.</summary>
    public Params Init { get; }

    /// <summary>The documents in training order.</summary>
    public IReadOnlyList<string> Documents => _documents;

    /// <summary>microgpt's loss at each step, from the first (at the initial weights) to the last.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>microgpt's tokenizer: the 26 sorted letters of the documents → 0…25, BOS = 26.</summary>
    public CharTokenizer Tokenizer() => CharTokenizer.FromText(string.Concat(_documents), withBos: true);

    /// <summary>Loads the trace bundled with Dual.Models (<see cref="DataFiles.MicroGptGolden"/>), or from the folder <paramref name="directory"/> if given.</summary>
    /// <exception cref="FormatException">A file is malformed (the message names the file and line).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder is not there.</exception>
    public static MicroGptGolden Load(string? directory = null)
    {
        if (directory is null)
        {
            string[] Bundled(string file) => DataFiles.ReadBundledLines($"{DataFiles.MicroGptGolden}/{file}");
            return Parse(Bundled(InitFile), Bundled(DocumentsFile), Bundled(LossesFile), $"(bundled) {DataFiles.MicroGptGolden}/");
        }
        var folder = DataFiles.RequireFolder(directory);
        string[] Read(string file) => File.ReadAllLines(Path.Combine(folder, file));
        return Parse(Read(InitFile), Read(DocumentsFile), Read(LossesFile), folder + Path.DirectorySeparatorChar);
    }

    private static MicroGptGolden Parse(string[] initLines, string[] documentLines, string[] lossLines, string source)
    {
        var init = ParseInit(initLines, source + InitFile);
        var documents = documentLines.Where(l => l.Length > 0).ToArray();
        var losses = lossLines.Where(l => l.Trim().Length > 0)
            .Select((l, i) => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
                : throw new FormatException($"{source}{LossesFile}: line {i + 1} is not a number: \"{l}\"."))
            .ToArray();
        return new MicroGptGolden(init, documents, losses);
    }

    /// <summary>Reads a microgpt weights file (<see cref="InitFile"/> format) into Dual's parameter paths and layouts.</summary>
    /// <exception cref="FormatException">The file is malformed (the message names the file and line).</exception>
    public static Params ReadInit(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ParseInit(File.ReadAllLines(path), path);
    }

    /// <summary>
    /// Parses microgpt weights: per tensor a line <c>name rows cols</c>, then <c>rows</c> lines of <c>cols</c>
    /// numbers. Names map by <see cref="PathOf"/>; embedding tables (<c>wte</c>, <c>wpe</c>) keep their layout,
    /// every other matrix is stored <c>[out][in]</c> (y = W x) and is transposed to Dual's <c>[in, out]</c> (y = x·W).
    /// </summary>
    /// <exception cref="FormatException">A header or row is malformed (the message names <paramref name="source"/> and the line).</exception>
    public static Params ParseInit(IEnumerable<string> lines, string source = "weights")
    {
        ArgumentNullException.ThrowIfNull(lines);
        var numbered = lines.Select((text, i) => (Text: text, Line: i + 1)).Where(l => !l.Text.StartsWith('#') && l.Text.Trim().Length > 0).ToArray();
        var values = new List<KeyValuePair<string, Tensor>>();
        for (var i = 0; i < numbered.Length;)
        {
            var (header, headerLine) = numbered[i++];
            var head = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length != 3 || !int.TryParse(head[1], CultureInfo.InvariantCulture, out var rows) || !int.TryParse(head[2], CultureInfo.InvariantCulture, out var cols)
                || rows <= 0 || cols <= 0)
                throw new FormatException($"{source}: line {headerLine}: expected \"name rows cols\", got \"{header}\".");
            var name = head[0];
            if (i + rows > numbered.Length)
                throw new FormatException($"{source}: tensor '{name}' (line {headerLine}) needs {rows} rows; the file ends after {numbered.Length - i}.");
            var m = new double[rows * cols];
            for (var r = 0; r < rows; r++)
            {
                var (row, rowLine) = numbered[i++];
                var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cells.Length != cols)
                    throw new FormatException($"{source}: line {rowLine}: row {r} of '{name}' has {cells.Length} values; expected {cols}.");
                for (var c = 0; c < cols; c++)
                {
                    if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out m[r * cols + c]))
                        throw new FormatException($"{source}: line {rowLine}: \"{cells[c]}\" is not a number.");
                }
            }
            var path = PathOf(name);
            var tensor = name is "wte" or "wpe"
                ? Tensor.FromArray([rows, cols], m)
                : Tensor.Generate([cols, rows], k => m[k % rows * cols + k / rows]);
            values.Add(new(path, tensor));
        }
        return Params.Of(values);
    }

    /// <summary>
    /// Dual's path for a microgpt parameter name: <c>wte</c>, <c>wpe</c> stay; <c>lm_head</c> → <c>lm_head.w</c>;
    /// <c>layer{i}.attn_w{q,k,v,o}</c> → <c>h{i}.attn.w{q,k,v,o}</c>; <c>layer{i}.mlp_fc{1,2}</c> → <c>h{i}.mlp.fc{1,2}.w</c>.
    /// </summary>
    /// <exception cref="FormatException">The name is none of these.</exception>
    public static string PathOf(string microgptName)
    {
        ArgumentNullException.ThrowIfNull(microgptName);
        if (microgptName is "wte" or "wpe") return microgptName;
        if (microgptName == "lm_head") return "lm_head.w";
        var dot = microgptName.IndexOf('.', StringComparison.Ordinal);
        if (microgptName.StartsWith("layer", StringComparison.Ordinal) && dot > "layer".Length
            && int.TryParse(microgptName.AsSpan("layer".Length, dot - "layer".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var layer))
        {
            var rest = microgptName[(dot + 1)..];
            var mapped = rest switch
            {
                "attn_wq" or "attn_wk" or "attn_wv" or "attn_wo" => "attn." + rest["attn_".Length..],
                "mlp_fc1" or "mlp_fc2" => "mlp." + rest["mlp_".Length..] + ".w",
                _ => null,
            };
            if (mapped is not null) return string.Create(CultureInfo.InvariantCulture, $"h{layer}.{mapped}");
        }
        throw new FormatException($"'{microgptName}' is not a microgpt parameter name (wte, wpe, lm_head, layer<i>.attn_w[qkvo], layer<i>.mlp_fc[12]).");
    }
}
