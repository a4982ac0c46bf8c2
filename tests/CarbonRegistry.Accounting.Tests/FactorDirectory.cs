using System.Text.Json.Nodes;
using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>A throw-away copy of the shipped factor directory that a test may edit.</summary>
internal sealed class FactorDirectory : IDisposable
{
    public FactorDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carbon-factors-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(FactorSetLoader.DefaultDirectory, "*.json", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(FactorSetLoader.DefaultDirectory, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Path { get; }

    /// <summary>Rewrites one JSON file through <paramref name="change"/>.</summary>
    public void Edit(string relativeFile, Action<JsonNode> change)
    {
        var file = System.IO.Path.Combine(Path, relativeFile);
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        change(root);
        File.WriteAllText(file, root.ToJsonString());
    }

    /// <summary>Writes <paramref name="newFile"/> as a changed copy of <paramref name="sourceFile"/>.</summary>
    public void Derive(string sourceFile, string newFile, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path, sourceFile)))!;
        change(root);
        Write(newFile, root.ToJsonString());
    }

    public void Write(string relativeFile, string text) => File.WriteAllText(System.IO.Path.Combine(Path, relativeFile), text);

    public FactorSetCatalog Load() => FactorSetLoader.LoadDirectory(Path);

    public FactorFileException LoadFails() => Assert.Throws<FactorFileException>(Load);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
