namespace Dual.Models;

/// <summary>The contents of a checkpoint: named tensors in file order, and string metadata.</summary>
/// <param name="Tensors">The tensors by name, in the order of their data in the file.</param>
/// <param name="Metadata">The <c>__metadata__</c> entries (model config, tokenizer, optimizer step…).</param>
public sealed record Checkpoint(Params Tensors, IReadOnlyDictionary<string, string> Metadata);
