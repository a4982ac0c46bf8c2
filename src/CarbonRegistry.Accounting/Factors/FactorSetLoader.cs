using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Factors;

/// <summary>
/// Reads factor sets from a directory: each <c>*.json</c> at its top level is one set, which may
/// include shared tables (carriers, GWP) by relative path. Everything is validated on load; the
/// first problem stops loading with a <see cref="FactorFileException"/> naming the file and key,
/// because computing with a half-read factor set would be worse than not starting.
/// </summary>
public static class FactorSetLoader
{
    /// <summary>The factor directory shipped beside the binaries.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "factors");

    /// <summary>Loads and validates every set in <paramref name="directory"/>.</summary>
    public static FactorSetCatalog LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new FactorFileException(directory, "(directory)", "the factor directory does not exist");
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new FactorFileException(directory, "(directory)", "holds no factor set (*.json)");
        }

        var tables = new TableCache(directory);
        var sets = files.Select(file => ReadSet(file, Path.GetFileName(file), tables)).ToList();
        ValidateCatalog(sets);
        return new FactorSetCatalog(sets.Select(entry => entry.Set));
    }

    private static (FactorSet Set, string File) ReadSet(string path, string file, TableCache tables)
    {
        var root = FactorNode.Parse(path, file);
        var id = root.Required("id").String();
        if (id != Path.GetFileNameWithoutExtension(file))
        {
            throw root.Required("id").Fail($"the id '{id}' must equal the file name without .json");
        }

        var years = root.Required("years");
        var from = years.Required("from").Year();
        var to = years.Required("to").Year();
        if (to < from)
        {
            throw years.Fail($"'to' ({to}) is before 'from' ({from})");
        }

        var carriers = new Dictionary<string, Carrier>(StringComparer.Ordinal);
        var gwpSets = new Dictionary<string, FactorNode>(StringComparer.Ordinal);
        foreach (var tableRef in root.Required("tables").Items())
        {
            var table = tables.Get(tableRef);
            foreach (var (code, node) in table.Optional("carriers")?.Properties() ?? [])
            {
                if (!carriers.TryAdd(code, ReadCarrier(code, node)))
                {
                    throw node.Fail("this carrier is defined by two tables of the set");
                }
            }

            foreach (var (name, node) in table.Optional("sets")?.Properties() ?? [])
            {
                if (!gwpSets.TryAdd(name, node))
                {
                    throw node.Fail("this GWP set is defined by two tables of the set");
                }
            }
        }

        if (carriers.Count == 0)
        {
            throw root.Required("tables").Fail("no table of the set defines any carrier");
        }

        var gwpName = root.Required("gwpSet");
        var gwp = gwpSets.TryGetValue(gwpName.String(), out var gwpNode)
            ? gwpNode
            : throw gwpName.Fail($"GWP set '{gwpName.String()}' is not defined by the set's tables (known: {string.Join(", ", gwpSets.Keys)})");

        var electricity = root.Required("electricity");
        var heat = root.Required("heat");
        var methane = root.Required("methane");
        var set = new FactorSet
        {
            Id = id,
            Title = root.Required("title").String(),
            FromYear = from,
            ToYear = to,
            Status = root.Required("status").String() switch
            {
                "published" => FactorSetStatus.Published,
                "provisional" => FactorSetStatus.Provisional,
                var other => throw root.Required("status").Fail($"'{other}' is not 'published' or 'provisional'"),
            },
            Supersedes = root.Optional("supersedes")?.String(),
            Notes = root.Optional("notes")?.String() ?? "",
            Carriers = carriers,
            GwpSet = gwpName.String(),
            MethaneGwp = gwp.Required("ch4").Sourced("tCO2e/tCH4"),
            NitrousOxideGwp = gwp.Required("n2o").Sourced("tCO2e/tN2O"),
            ElectricityEquivalent = electricity.Required("equivalentStandardCoal").Sourced("kgce/kWh"),
            ThermalPowerCoalRate = electricity.Required("thermalPowerCoalRate").Sourced("kgce/kWh"),
            GridFactors = ReadGrid(electricity.Required("grid")),
            ResidualGridFactor = electricity.Required("residual").Required("national").Sourced("kgCO2/kWh"),
            HeatStandardCoal = heat.Required("standardCoal").Sourced("kgce/MJ"),
            HeatEmissionFactor = heat.Required("emissionFactor").Sourced("tCO2/GJ"),
            MethaneDensity = methane.Required("density").Sourced("t/10^4 m3"),
            FlareDestruction = methane.Required("flareDestruction").Sourced("fraction", atMostOne: true),
        };
        return (set, file);
    }

    private static Dictionary<GridRegion, SourcedValue> ReadGrid(FactorNode grid)
    {
        var factors = new Dictionary<GridRegion, SourcedValue>();
        foreach (var (key, node) in grid.Properties())
        {
            if (!GridRegions.TryParse(key, out var region))
            {
                throw node.Fail($"unknown grid region (expected {GridRegions.Expected})");
            }

            factors[region] = node.Sourced("kgCO2/kWh");
        }

        return factors.ContainsKey(GridRegion.National)
            ? factors
            : throw grid.Fail("the national grid factor is required");
    }

    private static Carrier ReadCarrier(string code, FactorNode node)
    {
        var measure = node.Required("measure").String() switch
        {
            "mass" => Measure.Mass,
            "volume" => Measure.Volume,
            var other => throw node.Required("measure").Fail($"'{other}' is not 'mass' or 'volume'"),
        };
        var kind = node.Required("kind").String() switch
        {
            "fossil" => CarrierKind.Fossil,
            "biomass" => CarrierKind.Biomass,
            var other => throw node.Required("kind").Fail($"'{other}' is not 'fossil' or 'biomass'"),
        };
        var perUnit = measure == Measure.Mass ? "kg" : "m3";
        return new Carrier(
            code,
            node.Required("name").String(),
            node.Required("nameZh").String(),
            kind,
            node.Required("clean").Bool(),
            measure,
            node.Required("standardCoal").Sourced($"kgce/{perUnit}"),
            node.Required("netCalorificValue").Sourced(measure == Measure.Mass ? "GJ/t" : "GJ/10^4 m3"),
            node.Required("carbonContent").Sourced("tC/TJ"),
            node.Required("oxidation").Sourced("fraction", atMostOne: true));
    }

    private static void ValidateCatalog(List<(FactorSet Set, string File)> sets)
    {
        var fileOf = sets.ToDictionary(entry => entry.Set.Id, entry => entry.File, StringComparer.Ordinal);
        var supersededBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (set, file) in sets)
        {
            if (set.Supersedes is not { } old)
            {
                continue;
            }

            if (!fileOf.ContainsKey(old))
            {
                throw new FactorFileException(file, "supersedes", $"factor set '{old}' does not exist");
            }

            if (!supersededBy.TryAdd(old, set.Id))
            {
                throw new FactorFileException(file, "supersedes", $"'{old}' is already superseded by '{supersededBy[old]}'");
            }
        }

        var current = sets.Where(entry => !supersededBy.ContainsKey(entry.Set.Id)).OrderBy(entry => entry.Set.FromYear).ToList();
        for (var i = 1; i < current.Count; i++)
        {
            var (previous, next) = (current[i - 1], current[i]);
            if (next.Set.FromYear <= previous.Set.ToYear)
            {
                throw new FactorFileException(
                    next.File,
                    "years",
                    $"{next.Set.FromYear}–{next.Set.ToYear} overlaps {previous.File} ({previous.Set.FromYear}–{previous.Set.ToYear}); a correction must name the set it supersedes");
            }
        }

        // Every set must know every carrier: a report valid under one year's set must not fail
        // under another's, or an explicit recalculation could not run.
        var allCodes = sets.SelectMany(entry => entry.Set.Carriers.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var (set, file) in sets)
        {
            var missing = allCodes.Where(code => !set.Carriers.ContainsKey(code)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (missing is not null)
            {
                var definedIn = sets.First(entry => entry.Set.Carriers.ContainsKey(missing)).File;
                throw new FactorFileException(file, $"carriers.{missing}", $"the carrier is missing (it is defined for {definedIn})");
            }
        }
    }

    /// <summary>Tables are shared by several sets: parse each once per load.</summary>
    private sealed class TableCache(string directory)
    {
        private readonly Dictionary<string, FactorNode> _tables = new(StringComparer.Ordinal);

        public FactorNode Get(FactorNode reference)
        {
            var relative = reference.String();
            if (_tables.TryGetValue(relative, out var table))
            {
                return table;
            }

            var path = Path.GetFullPath(Path.Combine(directory, relative));
            if (!File.Exists(path))
            {
                throw reference.Fail($"table file '{relative}' does not exist");
            }

            table = FactorNode.Parse(path, relative.Replace('\\', '/'));
            _tables[relative] = table;
            return table;
        }
    }
}
