// Do not change this file. `dual track check` runs this program in a separate process to grade your code;
// `dotnet run` checks every project here too, and `dotnet run -- neuron` checks one.
module Track.Program

[<EntryPoint>]
let main args =
    Dual.Track.GraderHost.Run(args, System.Reflection.Assembly.GetExecutingAssembly())
