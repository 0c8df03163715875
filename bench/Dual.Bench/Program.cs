using Dual.Bench;
using Dual.Models;

// dotnet run -c Release --project bench/Dual.Bench -- [all | B1 B2 B3 B4 B5 GEMM OVH]... [--data DIR] [--golden DIR (default data/golden/microgpt-seed42)] [--b5-steps N]
var all = new[] { "B1", "B2", "B3", "B4", "B5", "GEMM", "OVH" };
var wanted = new List<string>();
string? dataDir = null, goldenDir = null;
var b5Steps = 200;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data": dataDir = args[++i]; break;
        case "--golden": goldenDir = args[++i]; break;
        case "--b5-steps": b5Steps = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "all": wanted.AddRange(all); break;
        default: wanted.Add(args[i].ToUpperInvariant()); break;
    }
}
if (wanted.Count == 0) wanted.AddRange(all);
var unknown = wanted.Except(all).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"unknown workload(s): {string.Join(", ", unknown)}; known: {string.Join(" ", all)}");
    return 2;
}
Report.Comment($"dual bench, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}, loadavg=\"{LoadAvg()}\"");
foreach (var id in wanted.Distinct())
{
    switch (id)
    {
        case "B1": B1Neuron.Run(); break;
        case "B2": B2Micrograd.Run(); break;
        case "B3": B3Mlp.Run(); break;
        case "B4": B4MicroGpt.Run(goldenDir); break;
        case "B5":
            if (b5Steps < 200) Report.Comment($"B5 ran {b5Steps} of its 200 steps (--b5-steps): no final_loss, step_ms over steps 6..{b5Steps}");
            B5Gpt.Run(dataDir ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../data")), b5Steps); // bench/Dual.Bench/bin/Release/net10.0 -> data
            break;
        case "OVH": Overhead.Run(); break;
        case "GEMM":
            GemmBench.Run(128, 784, 256);
            GemmBench.Run(512, 512, 512);
            // Small products (no peer line): B4's and B2's sizes and one attention head of B5.
            GemmBench.Run(16, 16, 16);
            GemmBench.Run(100, 16, 16);
            GemmBench.Run(64, 32, 64);
            break;
    }
}
return 0;

static string LoadAvg()
{
    try { return File.ReadAllText("/proc/loadavg").Trim(); }
    catch (IOException) { return "?"; }
}
