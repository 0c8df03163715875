using System.Globalization;

namespace Dual.Models;

/// <summary>
/// A trained GPT in one safetensors file: everything needed to sample from it and to resume its training.
/// <list type="bullet">
/// <item>tensors: the parameters under their paths (<c>wte</c>, <c>h0.attn.wq</c>… see <see cref="Layers.Gpt"/>);
/// the optimizer state as <c>optimizer.&lt;slot&gt;.&lt;path&gt;</c> (Adam's <c>m</c> and <c>v</c>); the loss history as
/// <c>history.train_loss</c> <c>[steps]</c> and <c>history.val_loss</c> <c>[points, 2]</c> (step, loss);</item>
/// <item><c>__metadata__</c>: <c>format</c> (<see cref="FormatName"/>), <c>task</c>, <c>config</c> (the <see cref="GptConfig"/>
/// as JSON), <c>tokenizer.alphabet</c> and <c>tokenizer.bos</c>, <c>step</c>, <c>optimizer</c> (a description) and
/// <c>optimizer.slots</c>, and the run's settings as <c>setting.&lt;name&gt;</c>.</item>
/// </list>
/// <see cref="Load"/> checks the file against the model its config describes: a missing, extra or wrongly shaped tensor is a
/// <see cref="CheckpointException"/> naming every one.
/// </summary>
public sealed class GptCheckpoint
{
    /// <summary>The value of the <c>format</c> metadata entry.</summary>
    public const string FormatName = "dual.gpt/1";

    private const string OptimizerPrefix = "optimizer.";
    private const string HistoryPrefix = "history.";
    private const string SettingPrefix = "setting.";
    private const string TrainLossTensor = "history.train_loss";
    private const string ValidationLossTensor = "history.val_loss";

    /// <summary>A checkpoint of a model of <paramref name="config"/> after <paramref name="step"/> training steps.</summary>
    /// <exception cref="ArgumentException">The parameters, tokenizer or optimizer state do not fit the config.</exception>
    public GptCheckpoint(
        string task, GptConfig config, CharTokenizer tokenizer, Params parameters, int step,
        OptimizerState? optimizer = null, string? optimizerDescription = null,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyList<double>? trainLosses = null, IReadOnlyList<LossPoint>? validationLosses = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        config.Validate();
        if (tokenizer.VocabSize != config.VocabSize)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The tokenizer has {tokenizer.VocabSize} token ids but the config's VocabSize is {config.VocabSize}."), nameof(tokenizer));
        parameters.Validate(ParametersOf(config));
        if (optimizer is not null)
        {
            if (optimizer.Step != step)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The optimizer state is at step {optimizer.Step}, the checkpoint at {step}."), nameof(optimizer));
            foreach (var (slot, values) in optimizer.Slots)
            {
                if (slot.Contains('.', StringComparison.Ordinal)) throw new ArgumentException($"Optimizer slot '{slot}' has a dot in its name.", nameof(optimizer));
                values.Validate(ParametersOf(config));
            }
        }
        foreach (var key in (settings ?? new Dictionary<string, string>()).Keys)
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(settings));
        (Task, Config, Tokenizer, Params, Step, Optimizer) = (task, config, tokenizer, parameters, step, optimizer);
        OptimizerDescription = optimizerDescription ?? "";
        Settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        TrainLosses = [.. trainLosses ?? []];
        ValidationLosses = [.. validationLosses ?? []];
    }

    /// <summary>What the model was trained for (<c>names</c>, <c>shakespeare</c>): it decides how to sample and what resuming means.</summary>
    public string Task { get; }

    /// <summary>The model's configuration.</summary>
    public GptConfig Config { get; }

    /// <summary>The tokenizer of the data it was trained on.</summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>The parameters, in the model's declaration order.</summary>
    public Params Params { get; }

    /// <summary>The number of training steps done.</summary>
    public int Step { get; }

    /// <summary>The optimizer state to resume from (its step is <see cref="Step"/>), if it was saved.</summary>
    public OptimizerState? Optimizer { get; }

    /// <summary>A description of the optimizer (informational).</summary>
    public string OptimizerDescription { get; }

    /// <summary>The run's settings (seed, schedule…), by name.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The training loss of every step so far, in order.</summary>
    public IReadOnlyList<double> TrainLosses { get; }

    /// <summary>The validation losses measured so far.</summary>
    public IReadOnlyList<LossPoint> ValidationLosses { get; }

    /// <summary>The parameters a GPT with <paramref name="config"/> declares, in order.</summary>
    public static IReadOnlyList<ParamSpec> ParametersOf(GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Parameters;
    }

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically (<see cref="SafeTensors.Save"/>).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = new List<KeyValuePair<string, Tensor>>(Params);
        if (Optimizer is not null)
        {
            foreach (var (slot, values) in Optimizer.Slots)
                tensors.AddRange(values.Select(kv => new KeyValuePair<string, Tensor>($"{OptimizerPrefix}{slot}.{kv.Key}", kv.Value)));
        }
        tensors.Add(new(TrainLossTensor, Tensor.FromArray([TrainLosses.Count], TrainLosses.ToArray())));
        tensors.Add(new(ValidationLossTensor, Tensor.Generate([ValidationLosses.Count, 2],
            i => i % 2 == 0 ? ValidationLosses[i / 2].Step : ValidationLosses[i / 2].Loss)));

        var metadata = new Dictionary<string, string>
        {
            ["format"] = FormatName,
            ["task"] = Task,
            ["config"] = GptConfigJson.Write(Config),
            ["tokenizer.alphabet"] = string.Concat(Tokenizer.Alphabet),
            ["tokenizer.bos"] = Tokenizer.HasBos ? "true" : "false",
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
            ["optimizer"] = OptimizerDescription,
        };
        if (Optimizer is not null) metadata["optimizer.slots"] = string.Join(',', Optimizer.SlotNames);
        foreach (var (key, value) in Settings) metadata[SettingPrefix + key] = value;
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint and checks it against the model its config describes.</summary>
    /// <exception cref="CheckpointException">The file is missing, not valid safetensors, not a Dual GPT checkpoint, or its tensors do not fit the model (the message names them).</exception>
    public static GptCheckpoint Load(string path)
    {
        var raw = SafeTensors.Load(path);
        try
        {
            return FromCheckpoint(raw);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Interprets and checks the contents of a safetensors file (see <see cref="Load"/>).</summary>
    /// <exception cref="CheckpointException">It is not a Dual GPT checkpoint, or its tensors do not fit the model.</exception>
    public static GptCheckpoint FromCheckpoint(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var meta = checkpoint.Metadata;
        var format = meta.GetValueOrDefault("format");
        if (format != FormatName)
            throw new CheckpointException(format is null
                ? $"not a Dual GPT checkpoint: its metadata has no 'format' entry (expected '{FormatName}')."
                : $"not a Dual GPT checkpoint: its format is '{CheckpointException.Shorten(format)}', expected '{FormatName}'.");
        var task = Required(meta, "task");
        if (string.IsNullOrWhiteSpace(task)) throw new CheckpointException("metadata 'task' is empty.");
        var config = GptConfigJson.Read(Required(meta, "config"));
        var tokenizer = ReadTokenizer(meta, config);
        var stepText = Required(meta, "step");
        var step = int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
            : throw new CheckpointException($"metadata 'step' is not a non-negative integer: '{CheckpointException.Shorten(stepText)}'.");
        var slots = ReadSlots(meta);

        // Before anything is built: the config's sizes within limits, and its parameters no more than the file holds.
        var tensors = checkpoint.Tensors;
        GptCheckpointLimits.Check(config, tensors.Values.Sum(t => (long)t.Size));

        IReadOnlyList<ParamSpec> specs;
        try
        {
            specs = ParametersOf(config);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"the model config does not describe a model: {e.Message}", e);
        }

        var problems = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal) { TrainLossTensor, ValidationLossTensor };
        var parameters = Expect(tensors, specs, "", problems, known);
        var slotValues = slots.Select(slot => new KeyValuePair<string, Params>(slot, Expect(tensors, specs, $"{OptimizerPrefix}{slot}.", problems, known))).ToList();
        var extra = tensors.Keys.Where(k => !known.Contains(k)).ToList();
        if (extra.Count > 0) problems.Insert(0, $"not in the model: {CheckpointException.List(extra)}");
        if (problems.Count > 0)
            throw new CheckpointException($"the tensors do not fit the model of its config ({config.Layers} layers, width {config.Width}, vocabulary {config.VocabSize}): {string.Join("; ", problems)}.");

        RequireFinite(parameters, "");
        foreach (var (slot, values) in slotValues)
        {
            RequireFinite(values, $"{OptimizerPrefix}{slot}.");
            if (slot == AdamMath.SecondMoment) RequireNonNegative(values, $"{OptimizerPrefix}{slot}.");
        }

        var trainLosses = tensors.TryGetValue(TrainLossTensor, out var train) ? ReadTrainLosses(train, step) : [];
        var validation = tensors.TryGetValue(ValidationLossTensor, out var val) ? ReadValidationLosses(val, step) : [];
        var settings = meta.Where(kv => kv.Key.StartsWith(SettingPrefix, StringComparison.Ordinal) && kv.Key.Length > SettingPrefix.Length)
            .ToDictionary(kv => kv.Key[SettingPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        try
        {
            var optimizer = slots.Length > 0 ? new OptimizerState(step, slotValues) : null;
            return new GptCheckpoint(task, config, tokenizer, parameters, step, optimizer, meta.GetValueOrDefault("optimizer"), settings, trainLosses, validation);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"the checkpoint is inconsistent: {e.Message}", e);
        }
    }

    /// <summary>A run setting as an integer.</summary>
    /// <exception cref="CheckpointException">The setting is missing or not an integer.</exception>
    public int IntSetting(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Settings.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw new CheckpointException($"the checkpoint's setting '{name}' is {(Settings.ContainsKey(name) ? $"not an integer: '{CheckpointException.Shorten(Settings[name])}'" : "missing")}.");
    }

    /// <summary>A run setting as a number.</summary>
    /// <exception cref="CheckpointException">The setting is missing or not a number.</exception>
    public double DoubleSetting(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Settings.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw new CheckpointException($"the checkpoint's setting '{name}' is {(Settings.ContainsKey(name) ? $"not a number: '{CheckpointException.Shorten(Settings[name])}'" : "missing")}.");
    }

    // The tensors `prefix + path` for every declared parameter, in declaration order; what is missing or misshapen goes to problems.
    private static Params Expect(Params tensors, IReadOnlyList<ParamSpec> specs, string prefix, List<string> problems, HashSet<string> known)
    {
        var values = new List<KeyValuePair<string, Tensor>>(specs.Count);
        var missing = new List<string>();
        var wrong = new List<string>();
        foreach (var spec in specs)
        {
            var name = prefix + spec.Path;
            known.Add(name);
            if (!tensors.TryGetValue(name, out var value)) missing.Add(name);
            else if (value.Shape != spec.Shape) wrong.Add($"{name} is {value.Shape}, the model's {spec.Shape}");
            else values.Add(new(spec.Path, value));
        }
        if (missing.Count > 0) problems.Add($"missing: {CheckpointException.List(missing)}");
        if (wrong.Count > 0) problems.Add($"wrong shape: {CheckpointException.List(wrong, "; ")}");
        return Params.Of(values);
    }

    private static CharTokenizer ReadTokenizer(IReadOnlyDictionary<string, string> meta, GptConfig config)
    {
        var alphabet = Required(meta, "tokenizer.alphabet");
        var bos = Required(meta, "tokenizer.bos") switch
        {
            "true" => true,
            "false" => false,
            var other => throw new CheckpointException($"metadata 'tokenizer.bos' must be 'true' or 'false', not '{other}'."),
        };
        if (alphabet.Length == 0) throw new CheckpointException("metadata 'tokenizer.alphabet' is empty.");
        if (alphabet.Length >= GptCheckpointLimits.MaxVocabSize)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"metadata 'tokenizer.alphabet' has {alphabet.Length} characters, more than the limit of {GptCheckpointLimits.MaxVocabSize - 1}."));
        var tokenizer = CharTokenizer.FromText(alphabet, bos);
        if (string.Concat(tokenizer.Alphabet) != alphabet)
            throw new CheckpointException("metadata 'tokenizer.alphabet' is not a sorted list of distinct characters.");
        if (tokenizer.VocabSize != config.VocabSize)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"the tokenizer has {tokenizer.VocabSize} token ids but the model config's VocabSize is {config.VocabSize}."));
        return tokenizer;
    }

    // The optimizer's slot names: distinct, non-empty, without dots, at most GptCheckpointLimits.MaxOptimizerSlots.
    private static string[] ReadSlots(IReadOnlyDictionary<string, string> meta)
    {
        if (!meta.TryGetValue("optimizer.slots", out var list) || list.Length == 0) return [];
        var slots = list.Split(',');
        if (slots.Length > GptCheckpointLimits.MaxOptimizerSlots)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"metadata 'optimizer.slots' names {slots.Length} slots, more than the limit of {GptCheckpointLimits.MaxOptimizerSlots}."));
        foreach (var slot in slots)
        {
            if (slot.Length == 0 || slot.Contains('.', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(slot))
                throw new CheckpointException($"metadata 'optimizer.slots' has an empty or dotted slot name: '{CheckpointException.Shorten(list)}'.");
        }
        if (slots.Distinct(StringComparer.Ordinal).Count() != slots.Length)
            throw new CheckpointException($"metadata 'optimizer.slots' names a slot twice: '{CheckpointException.Shorten(list)}'.");
        return slots;
    }

    // Non-finite numbers are refused where they enter: training on them, or sampling from them, goes nowhere.
    private static void RequireFinite(Params values, string prefix)
    {
        foreach (var (name, tensor) in values)
        {
            var span = tensor.Span;
            for (var i = 0; i < span.Length; i++)
            {
                if (!double.IsFinite(span[i]))
                    throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                        $"tensor '{prefix}{name}' {tensor.Shape} has {Show(span[i])} at index {i}; weights and optimizer moments must be finite."));
            }
        }
    }

    private static void RequireNonNegative(Params values, string prefix)
    {
        foreach (var (name, tensor) in values)
        {
            var span = tensor.Span;
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i] < 0)
                    throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                        $"tensor '{prefix}{name}' {tensor.Shape} has {Show(span[i])} at index {i}; Adam's second moments must be >= 0."));
            }
        }
    }

    private static double[] ReadTrainLosses(Tensor tensor, int step)
    {
        if (tensor.Rank != 1)
            throw new CheckpointException($"tensor '{TrainLossTensor}' must be [steps]; it is {tensor.Shape}.");
        if (tensor.Size != 0 && tensor.Size != step)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"tensor '{TrainLossTensor}' has {tensor.Size} losses but metadata 'step' is {step}: one loss per step, or none."));
        var losses = tensor.ToArray();
        for (var i = 0; i < losses.Length; i++)
        {
            if (!double.IsFinite(losses[i]))
                throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"tensor '{TrainLossTensor}' has {Show(losses[i])} at step {i + 1}."));
        }
        return losses;
    }

    private static LossPoint[] ReadValidationLosses(Tensor tensor, int lastStep)
    {
        if (tensor.Rank != 2 || tensor.Shape[1] != 2)
            throw new CheckpointException($"tensor '{ValidationLossTensor}' must be [points, 2] (step, loss); it is {tensor.Shape}.");
        var values = tensor.Span;
        var points = new LossPoint[tensor.Shape[0]];
        for (var i = 0; i < points.Length; i++)
        {
            var step = values[2 * i];
            if (!(step >= 0 && step <= lastStep && step == Math.Floor(step)))
                throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                    $"tensor '{ValidationLossTensor}': row {i} has step {Show(step)}, not an integer from 0 to the checkpoint's step {lastStep}."));
            var loss = values[2 * i + 1];
            if (!double.IsFinite(loss))
                throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"tensor '{ValidationLossTensor}': row {i} (step {step}) has loss {Show(loss)}."));
            points[i] = new LossPoint((int)step, loss);
        }
        return points;
    }

    private static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Required(IReadOnlyDictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var value) ? value : throw new CheckpointException($"its metadata has no '{key}' entry.");
}
