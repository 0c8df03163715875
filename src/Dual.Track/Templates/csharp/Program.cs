// Do not change this file. `dual track check` runs this program in a separate process to grade your code;
// `dotnet run` checks every project here too, and `dotnet run -- neuron` checks one.
return Dual.Track.GraderHost.Run(args, typeof(Program).Assembly);
