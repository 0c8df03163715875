using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dual.Fuzz;

// dotnet run -c Release --project fuzz/Dual.Fuzz -- [--seconds 180] [--seed 1] [--findings fuzz/findings] [--replay DIR] [--cli]
// --cli runs each input through `dual sample` and `dual train names|shakespeare --resume` in-process instead (slower).
// Mutates the seed corpus (fuzz/corpus/*.safetensors and the generated seeds) and feeds each input to CheckpointTarget.
// A finding (an exception other than the allowed ones, a message too long, a slow input, memory growth) is saved under
// --findings as <kind>-<hash>.bin; copy the ones worth keeping to tests/Dual.Models.Tests/Checkpoints/FuzzCases/.
var seconds = 180.0;
var seed = 1;
var findings = Path.Combine("fuzz", "findings");
string? replay = null;
using var cli = args.Contains("--cli") ? new CliTarget() : null;
args = args.Where(a => a != "--cli").ToArray();
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--findings": findings = args[i + 1]; break;
        case "--replay": replay = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

if (replay is not null)
{
    var failed = 0;
    foreach (var file in Directory.GetFiles(replay).Order(StringComparer.Ordinal))
    {
        try
        {
            var began = Stopwatch.GetTimestamp();
            var bytes = File.ReadAllBytes(file);
            var outcome = CheckpointTarget.Run(bytes);
            cli?.Run(bytes);
            Console.WriteLine($"{Path.GetFileName(file)}: {outcome} ({Stopwatch.GetElapsedTime(began).TotalSeconds:0.000} s)");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
        }
    }

    return failed == 0 ? 0 : 1;
}

var corpus = Seeds.Create().Select(s => s.Bytes).ToList();
var corpusFolder = Path.Combine("fuzz", "corpus");
if (Directory.Exists(corpusFolder)) corpus.AddRange(Directory.GetFiles(corpusFolder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
foreach (var input in corpus)
{
    if (CheckpointTarget.Run(input) != CheckpointTarget.Outcome.Accepted) throw new InvalidOperationException("A seed does not load.");
}

Directory.CreateDirectory(findings);
var random = new Random(seed);
var mutator = new Mutator(random);
var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
var clock = Stopwatch.StartNew();
long runs = 0;
var slowest = 0.0;
// A watchdog: an input still running after 10 s is saved as a hang at once (the loop itself may never come back).
byte[]? current = null;
var currentSince = TimeSpan.Zero;
var hangSaved = false;
using var watchdog = new Timer(_ =>
{
    var input = Volatile.Read(ref current);
    if (input is not null && !hangSaved && clock.Elapsed - currentSince > TimeSpan.FromSeconds(10))
    {
        hangSaved = true;
        var hash = Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant();
        File.WriteAllBytes(Path.Combine(findings, $"hang-{hash}.bin"), input);
        Console.WriteLine($"finding hang: hang-{hash}.bin still running after 10 s");
    }
}, null, 1000, 1000);
while (clock.Elapsed.TotalSeconds < seconds)
{
    var input = mutator.Mutate(corpus[random.Next(corpus.Count)], corpus[random.Next(corpus.Count)]);
    var began = clock.Elapsed;
    currentSince = began;
    Volatile.Write(ref current, input);
    hangSaved = false;
    string outcome;
    try
    {
        outcome = CheckpointTarget.Run(input).ToString();
        cli?.Run(input);
        // Inputs that load and sample join the corpus (a little coverage feedback: mutations build on what got far).
        if (outcome == nameof(CheckpointTarget.Outcome.Accepted) && corpus.Count < 200) corpus.Add(input);
    }
    catch (Exception e)
    {
        outcome = "finding";
        var kind = $"{e.GetType().Name}";
        Save(kind, input, e);
    }

    runs++;
    var took = (clock.Elapsed - began).TotalSeconds;
    slowest = Math.Max(slowest, took);
    if (took > 2) Save("slow", input, null);
    if (GC.GetTotalMemory(false) > 1L << 30) Save("memory", input, null);
    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs={runs} seconds={clock.Elapsed.TotalSeconds:0} seed={seed} slowest_input_s={slowest:0.000} corpus={corpus.Count}"));
foreach (var (outcome, count) in outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal)) Console.WriteLine($"  {outcome}: {count}");
foreach (var (kind, count) in kinds.OrderBy(kv => kv.Key, StringComparer.Ordinal)) Console.WriteLine($"  finding {kind}: {count}");
return kinds.Count == 0 ? 0 : 1;

void Save(string kind, byte[] input, Exception? e)
{
    var first = !kinds.ContainsKey(kind);
    kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
    var hash = Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant();
    // Keep the smallest few inputs of each kind.
    var existing = Directory.GetFiles(findings, $"{kind}-*.bin");
    if (existing.Length < 5 || input.Length < existing.Min(f => new FileInfo(f).Length))
    {
        File.WriteAllBytes(Path.Combine(findings, $"{kind}-{hash}.bin"), input);
    }

    if (first) Console.WriteLine($"finding {kind}: {e?.Message.Split('\n')[0]}\n{e?.StackTrace?.Split('\n').FirstOrDefault()}");
}
