// The references every example shares: the F# library's Release build output, one folder holding
// Dual.FSharp and everything it depends on (see docs/fsharp.md). Paths are relative to this file.
#I "../../src/Dual.FSharp/bin/Release/net10.0"
#r "Dual.Core.dll"
#r "Dual.Models.dll"
#r "Dual.FSharp.dll"
