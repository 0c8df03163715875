namespace Dual;

/// <summary>A declared parameter: its full path (<c>block0.attn.wq</c>), its shape and how to initialise it.</summary>
/// <param name="Path">The full, dot-separated name; also the name of its variable in the model's graph.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Init">How its initial value is drawn.</param>
public sealed record ParamSpec(string Path, Shape Shape, Initializer Init);
