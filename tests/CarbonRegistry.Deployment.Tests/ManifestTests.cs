using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Http;
using CarbonRegistry.Grains;
using CarbonRegistry.Server.Hosting;
using CarbonRegistry.Storage;
using CarbonRegistry.Testing;
using YamlDotNet.RepresentationModel;

namespace CarbonRegistry.Deployment.Tests;

/// <summary>The Kubernetes manifests (k8s/) and the Dockerfile against the server they deploy.</summary>
public sealed partial class ManifestTests
{
    private static readonly string s_root = ServerProcess.RepositoryRoot();
    private static readonly string s_k8s = Path.Combine(s_root, "k8s");

    /// <summary>Configuration sections of the server and the options class bound to each.</summary>
    private static readonly Dictionary<string, Type> s_sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageOptions.Section] = typeof(StorageOptions),
        [OrleansOptions.Section] = typeof(OrleansOptions),
        [AuthOptions.Section] = typeof(AuthOptions),
        [GraphQLHttpOptions.Section] = typeof(GraphQLHttpOptions),
        [RegistryOptions.Section] = typeof(RegistryOptions),
    };

    /// <summary>Keys read outside an options class (Program, hosting extensions, ASP.NET Core).</summary>
    private static readonly HashSet<string> s_otherKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Urls", "ConnectionStrings:Registry", "Demo:Seed", "Shutdown:Timeout", "Factors:Directory", "Logging:Console:FormatterName",
    };

    [Fact]
    public void The_image_sets_the_runtime_settings_the_benchmarks_measured()
    {
        // The benchmarks start the server with these, read from the Dockerfile (README: api-live):
        // workstation GC (the project's setting, not overridden) with a 16 MB gen0 budget.
        var runtime = ProductionImage.RuntimeEnvironment();

        Assert.Equal("0x1000000", runtime["DOTNET_GCgen0size"]);
        Assert.DoesNotContain("DOTNET_gcServer", runtime.Keys);
    }

    [Fact]
    public void Every_manifest_parses_and_every_kustomization_names_files_that_exist()
    {
        var files = Directory.GetFiles(s_k8s, "*.yaml", SearchOption.AllDirectories);
        Assert.True(files.Length >= 12, $"only {files.Length} manifests");
        foreach (var file in files)
        {
            var documents = Documents(file).ToList();
            Assert.NotEmpty(documents);
            Assert.All(documents, d => Assert.False(string.IsNullOrEmpty(Scalar(d, "kind")), $"{file}: a document without kind"));
        }

        foreach (var kustomization in files.Where(f => Path.GetFileName(f) == "kustomization.yaml"))
        {
            var directory = Path.GetDirectoryName(kustomization)!;
            foreach (var resource in Sequence(Documents(kustomization).Single(), "resources"))
            {
                var path = Path.Combine(directory, ((YamlScalarNode)resource).Value!);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{kustomization} names {path}, which does not exist");
            }
        }
    }

    [Fact]
    public void Every_environment_variable_is_a_configuration_key_of_the_server_and_documented()
    {
        var readme = File.ReadAllText(Path.Combine(s_root, "README.md"));
        var names = ServerEnvironment().ToList();
        Assert.Contains("Orleans__AdvertisedIPAddress", names);
        foreach (var name in names)
        {
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            Assert.True(IsServerKey(key), $"{name} is not a configuration key of the server");
            Assert.True(readme.Contains($"`{key}`", StringComparison.Ordinal) || key.StartsWith("Logging:", StringComparison.Ordinal), $"{key} is not in the README's configuration table");
        }
    }

    [Fact]
    public async Task Probe_paths_and_ports_are_the_servers()
    {
        var deployment = Resource("Deployment", "carbon-registry-silo");
        var container = (YamlMappingNode)Sequence(deployment, "spec.template.spec.containers")[0];
        var ports = Sequence(container, "ports").Cast<YamlMappingNode>().ToDictionary(p => Scalar(p, "name")!, p => int.Parse(Scalar(p, "containerPort")!, CultureInfo.InvariantCulture));
        var config = (YamlMappingNode)Resource("ConfigMap", "carbon-registry-config")["data"];

        Assert.Equal($"http://+:{ports["http"]}", Scalar(config, "Urls"));
        Assert.Equal(ports["silo"].ToString(CultureInfo.InvariantCulture), Scalar(config, "Orleans__SiloPort"));
        Assert.Equal(ports["gateway"].ToString(CultureInfo.InvariantCulture), Scalar(config, "Orleans__GatewayPort"));
        var dockerfile = File.ReadAllText(Path.Combine(s_root, "Dockerfile"));
        Assert.Contains($"Urls=http://+:{ports["http"]}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {ports["http"]} {ports["silo"]} {ports["gateway"]}", dockerfile, StringComparison.Ordinal);
        Assert.Equal("http", Scalar(Sequence(Resource("Service", "carbon-registry"), "spec.ports").Cast<YamlMappingNode>().Single(), "targetPort"));

        // Every probe targets the http port at a path the real server answers with 200.
        using var directory = new TemporaryDirectory("carbon-probes");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Storage__SqlitePath"] = Path.Combine(directory.Path, "registry.db"), ["Demo__Seed"] = "false" }, directory.Path);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            var get = Assert.IsType<YamlMappingNode>(Node(container, $"{probe}.httpGet"));
            Assert.Equal("http", Scalar(get, "port"));
            var path = Scalar(get, "path")!;
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public void No_secret_is_committed()
    {
        foreach (var secret in AllDocuments().Where(d => Scalar(d, "kind") == "Secret"))
        {
            foreach (var field in new[] { "data", "stringData" })
            {
                if (secret.Children.TryGetValue(field, out var values))
                {
                    Assert.All(((YamlMappingNode)values).Children, pair => Assert.True(string.IsNullOrEmpty(((YamlScalarNode)pair.Value).Value), $"secret value {pair.Key} is committed"));
                }
            }
        }

        // Secret-looking variables come from secrets, never from a literal value.
        foreach (var container in Containers())
        {
            foreach (var env in Sequence(container, "env").Cast<YamlMappingNode>())
            {
                if (SecretName().IsMatch(Scalar(env, "name")!))
                {
                    Assert.False(env.Children.ContainsKey("value"), $"{Scalar(env, "name")} is set in plain text");
                }
            }
        }

        // The dev overlay generates its secrets from a file that git ignores and that is not there.
        Assert.Contains("secrets.env", File.ReadAllText(Path.Combine(s_k8s, "overlays", "dev", ".gitignore")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(s_k8s, "overlays", "dev", "secrets.env")));
    }

    [Fact]
    public void Rollouts_keep_capacity_and_let_shutdown_finish()
    {
        var deployment = Resource("Deployment", "carbon-registry-silo");
        var config = (YamlMappingNode)Resource("ConfigMap", "carbon-registry-config")["data"];
        var shutdown = TimeSpan.Parse(Scalar(config, "Shutdown__Timeout")!, CultureInfo.InvariantCulture);

        Assert.True(int.Parse(Scalar(deployment, "spec.template.spec.terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture) > shutdown.TotalSeconds + 5);
        Assert.Equal("3", Scalar(deployment, "spec.replicas"));
        Assert.Equal("0", Scalar(deployment, "spec.strategy.rollingUpdate.maxUnavailable"));
        Assert.Equal("true", Scalar(deployment, "spec.template.spec.securityContext.runAsNonRoot"));
        foreach (var container in Containers())
        {
            Assert.Equal("true", Scalar(container, "securityContext.readOnlyRootFilesystem"));
            Assert.Equal("false", Scalar(container, "securityContext.allowPrivilegeEscalation"));
            Assert.NotNull(Scalar(container, "resources.requests.memory"));
        }

        Assert.Equal("2", Scalar(Resource("PodDisruptionBudget", "carbon-registry-silo"), "spec.minAvailable"));
        Assert.Equal("3", Scalar(Resource("HorizontalPodAutoscaler", "carbon-registry-silo"), "spec.minReplicas"));
        var siloPorts = Sequence(Resource("NetworkPolicy", "silo-to-silo"), "spec.ingress").Cast<YamlMappingNode>().SelectMany(rule => Sequence(rule, "ports").Cast<YamlMappingNode>()).Select(p => Scalar(p, "port")).Order();
        Assert.Equal(new[] { Scalar(config, "Orleans__SiloPort"), Scalar(config, "Orleans__GatewayPort") }.Order(), siloPorts);
    }

    private static bool IsServerKey(string key)
    {
        if (s_otherKeys.Contains(key))
        {
            return true;
        }

        var parts = key.Split(':');
        return parts.Length == 2 && s_sections.TryGetValue(parts[0], out var type) &&
            type.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true };
    }

    /// <summary>Environment variable names the server gets: its ConfigMap, its Secret and the env of its containers.</summary>
    private static IEnumerable<string> ServerEnvironment()
    {
        foreach (var document in AllDocuments().Where(d => Scalar(d, "kind") is "ConfigMap" or "Secret" && Scalar(d, "metadata.name")!.StartsWith("carbon-registry", StringComparison.Ordinal)))
        {
            foreach (var field in new[] { "data", "stringData" })
            {
                if (document.Children.TryGetValue(field, out var values))
                {
                    foreach (var pair in ((YamlMappingNode)values).Children)
                    {
                        yield return ((YamlScalarNode)pair.Key).Value!;
                    }
                }
            }
        }

        foreach (var container in Containers())
        {
            foreach (var env in Sequence(container, "env").Cast<YamlMappingNode>())
            {
                yield return Scalar(env, "name")!;
            }
        }
    }

    /// <summary>
    /// The containers that run the server image: the silos' and the migration job's. Both must be
    /// there, or the checks over them would pass on nothing (a renamed image, say).
    /// </summary>
    private static IReadOnlyList<YamlMappingNode> Containers()
    {
        var found = AllDocuments().Where(d => Scalar(d, "kind") is "Deployment" or "Job")
            .SelectMany(d => Sequence(d, "spec.template.spec.containers").Cast<YamlMappingNode>().Where(c => Scalar(c, "image") == "carbon-registry").Select(c => (Kind: Scalar(d, "kind"), Container: c)))
            .ToList();
        Assert.True(found.Any(f => f.Kind == "Deployment") && found.Any(f => f.Kind == "Job"), $"Expected the silo Deployment's and the migration Job's carbon-registry containers; found {found.Count}: {string.Join(", ", found.Select(f => f.Kind))}.");
        return [.. found.Select(f => f.Container)];
    }

    private static YamlMappingNode Resource(string kind, string name) =>
        AllDocuments().Single(d => Scalar(d, "kind") == kind && Scalar(d, "metadata.name") == name);

    private static IEnumerable<YamlMappingNode> AllDocuments() =>
        Directory.GetFiles(s_k8s, "*.yaml", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "kustomization.yaml").SelectMany(Documents);

    private static IEnumerable<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    private static YamlNode? Node(YamlNode node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(part, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private static string? Scalar(YamlNode node, string path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static IList<YamlNode> Sequence(YamlNode node, string path) => (Node(node, path) as YamlSequenceNode)?.Children ?? [];

    [GeneratedRegex("SigningKey|Password|ConnectionStrings", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
