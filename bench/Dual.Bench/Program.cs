using Dual.Bench;

var all = new[] { "B1", "GEMM", "OVH" };
var wanted = args.Length == 0 || args.Contains("all") ? all : args.Select(a => a.ToUpperInvariant()).ToArray();
var unknown = wanted.Except(all).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"unknown workload(s): {string.Join(", ", unknown)}; known: {string.Join(" ", all)}");
    return 2;
}
Report.Comment($"dual bench, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
foreach (var id in wanted)
{
    switch (id)
    {
        case "B1": B1Neuron.Run(); break;
        case "OVH": Overhead.Run(); break;
        case "GEMM":
            GemmBench.Run(128, 784, 256);
            GemmBench.Run(512, 512, 512);
            break;
    }
}
return 0;
