namespace CarbonRegistry.Testing;

/// <summary>
/// GraphQL documents built to cost a server CPU before it refuses them (the shapes of issue 22's
/// probes), each with the code the registry refuses it with; the tests check the codes, the
/// api-hostile benchmark measures what each costs the server.
/// </summary>
public static class HostileDocuments
{
    /// <summary>(name, expected code, document).</summary>
    public static IReadOnlyList<(string Name, string Code, string Document)> All { get; } =
    [
        ("6,000 duplicate fields", "TOO_MANY_SELECTIONS", "{ factorSets { " + string.Concat(Enumerable.Repeat("id ", 6_000)) + "} }"),
        ("20 directives on one field", "TOO_MANY_DIRECTIVES", "{ factorSets " + string.Concat(Enumerable.Repeat("@include(if: true) ", 20)) + "{ id } }"),
        ("150-fragment cycle", "FRAGMENT_CYCLE", "{ factorSets { ...F0 } } " + string.Concat(Enumerable.Range(0, 150).Select(i => $"fragment F{i} on FactorSet {{ id ...F{(i + 1) % 150} }} "))),
        ("250 fragment definitions", "TOO_MANY_FRAGMENTS", "{ factorSets { id } } " + string.Concat(Enumerable.Range(0, 250).Select(i => $"fragment F{i} on FactorSet {{ id }} "))),
        ("23-level fragment fan-out", "TOO_MANY_SELECTIONS", "{ factorSets { ...F0 } } " + string.Concat(Enumerable.Range(0, 23).Select(i => $"fragment F{i} on FactorSet {{ id ...F{i + 1} a{i}: id ...F{i + 1} }} ")) + "fragment F23 on FactorSet { id }"),
        ("600 aliases", "TOO_MANY_ALIASES", "{ " + string.Concat(Enumerable.Range(0, 600).Select(i => $"a{i}: lastSequence ")) + "}"),
        ("40,000-character document", "DOCUMENT_TOO_LARGE", "{ factorSets { id } }" + new string(' ', 40_000)),
    ];
}
