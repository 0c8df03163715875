using Dual.Models;

namespace Dual.Fuzz;

/// <summary>The seed corpus: small valid checkpoints covering both tasks, every norm, biases, tied weights and no optimizer state.</summary>
public static class Seeds
{
    /// <summary>The seeds as safetensors bytes, by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Create()
    {
        var names = CharTokenizer.FromText("abcde", withBos: true);
        var text = CharTokenizer.FromText("ab\n ");
        var micro = new GptConfig(names.VocabSize, 4, 2, 1, 4).InMicroGptStyle();
        var small = new GptConfig(text.VocabSize, 4, 2, 2, 4) with { MlpRatio = 1 };
        var tied = small with { TieWeights = true, Norm = GptNorm.RmsNorm, Bias = false, EmbeddingNorm = true };
        return
        [
            ("names-adam", Bytes("names", micro, names, withOptimizer: true)),
            ("shakespeare-adamw", Bytes("shakespeare", small, text, withOptimizer: true)),
            ("tied-rms-no-optimizer", Bytes("shakespeare", tied, text, withOptimizer: false)),
        ];
    }

    private static byte[] Bytes(string task, GptConfig config, CharTokenizer tokenizer, bool withOptimizer)
    {
        var parameters = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(1);
        var optimizer = new Adam(0.01);
        var state = withOptimizer ? optimizer.Init(parameters) : null;
        var checkpoint = new GptCheckpoint(task, config, tokenizer, parameters, 0, state, optimizer.ToString(),
            new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.01", ["decay_steps"] = "10" }, [], [new LossPoint(0, 1.5)]);
        var folder = Directory.CreateTempSubdirectory("dual-fuzz-seed-").FullName;
        try
        {
            var path = Path.Combine(folder, "seed.safetensors");
            checkpoint.Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
