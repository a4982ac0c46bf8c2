using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Reports;

namespace CarbonRegistry.Server.Demo;

/// <summary>
/// Deterministic demo data: Shanxi, its 11 cities, the national carbon-peak pilots (Taiyuan, the
/// Changzhi high-tech zone), 8 provincial zero-carbon demonstration zones (the Tashan coal mine
/// among them; every other name is marked as demo) and about 100 mines, parks and enterprises
/// with 24 months of synthetic reports. Real names are only those of public pilot lists; every
/// figure is synthetic.
/// </summary>
public static class ShanxiDemo
{
    /// <summary>The first demo month; the data runs 24 months from here.</summary>
    public static readonly DateOnly FirstMonth = new(2024, 11, 1);

    public const int Months = 24;

    private static readonly (string Id, string Name, string NameZh)[] s_cities =
    [
        ("taiyuan", "Taiyuan", "太原市"), ("datong", "Datong", "大同市"), ("shuozhou", "Shuozhou", "朔州市"),
        ("xinzhou", "Xinzhou", "忻州市"), ("yangquan", "Yangquan", "阳泉市"), ("lvliang", "Lüliang", "吕梁市"),
        ("jinzhong", "Jinzhong", "晋中市"), ("changzhi", "Changzhi", "长治市"), ("jincheng", "Jincheng", "晋城市"),
        ("linfen", "Linfen", "临汾市"), ("yuncheng", "Yuncheng", "运城市"),
    ];

    /// <summary>Every registration, parents before children.</summary>
    public static IReadOnlyList<EntityRegistration> Entities()
    {
        var list = new List<EntityRegistration>
        {
            new() { Id = "shanxi", Kind = EntityKind.Province, Name = "Shanxi Province", NameZh = "山西省", GridRegion = "north_china" },
        };
        foreach (var (id, name, nameZh) in s_cities)
        {
            list.Add(new()
            {
                Id = id,
                Kind = EntityKind.City,
                Name = name,
                NameZh = nameZh,
                ParentId = "shanxi",
                GridRegion = "north_china",
                Pilots = id == "taiyuan" ? [PilotProgram.NationalCarbonPeakCity] : [],
            });
        }

        list.Add(new()
        {
            Id = "changzhi-hitech-zone",
            Kind = EntityKind.Zone,
            Name = "Changzhi High-tech Industrial Development Zone",
            NameZh = "长治高新技术产业开发区",
            ParentId = "changzhi",
            Pilots = [PilotProgram.NationalCarbonPeakPark],
        });
        list.Add(new()
        {
            Id = "tashan-mine",
            Kind = EntityKind.Mine,
            Name = "Tashan Coal Mine",
            NameZh = "塔山煤矿",
            ParentId = "datong",
            Pilots = [PilotProgram.ProvincialZeroCarbonZone, PilotProgram.ZeroCarbonMine, PilotProgram.IntelligentMine],
        });

        // The other seven demonstration zones of the first provincial batch, with demo names.
        string[] zoneCities = ["taiyuan", "shuozhou", "jinzhong", "changzhi", "jincheng", "linfen", "yuncheng"];
        for (var i = 0; i < zoneCities.Length; i++)
        {
            var zone = $"demo-zero-carbon-zone-{i + 1}";
            list.Add(new()
            {
                Id = zone,
                Kind = i % 2 == 0 ? EntityKind.Zone : EntityKind.Park,
                Name = $"Zero-Carbon Demonstration Zone {i + 1} (demo)",
                NameZh = $"零碳示范区{i + 1}（演示）",
                ParentId = zoneCities[i],
                Pilots = [i < 5 ? PilotProgram.ProvincialZeroCarbonZone : PilotProgram.ProvincialNearZeroCarbonZone],
            });
            for (var e = 1; e <= 2; e++)
            {
                list.Add(Leaf($"{zone}-ent-{e}", EntityKind.Enterprise, $"Demo Zone {i + 1} Enterprise {e} (demo)", $"示范区{i + 1}企业{e}（演示）", zone));
            }
        }

        list.Add(Leaf("changzhi-hitech-ent-1", EntityKind.Enterprise, "Changzhi High-tech Enterprise 1 (demo)", "长治高新区企业1（演示）", "changzhi-hitech-zone"));
        list.Add(Leaf("changzhi-hitech-ent-2", EntityKind.Enterprise, "Changzhi High-tech Enterprise 2 (demo)", "长治高新区企业2（演示）", "changzhi-hitech-zone"));
        list.Add(Leaf("changzhi-hitech-park", EntityKind.Park, "Changzhi High-tech Chemical Park (demo)", "长治高新区化工园（演示）", "changzhi-hitech-zone") with { Pilots = [PilotProgram.NationalZeroCarbonPark] });

        // Per city: three mines, a park with an enterprise, and two enterprises.
        foreach (var (city, name, nameZh) in s_cities)
        {
            for (var m = 1; m <= 3; m++)
            {
                var mine = Leaf($"{city}-mine-{m}", EntityKind.Mine, $"{name} Demo Mine {m} (demo)", $"{nameZh[..^1]}演示煤矿{m}（演示）", city);
                list.Add(mine with { Pilots = m switch { 1 => [PilotProgram.IntelligentMine], 2 => [PilotProgram.GreenMiningPilot], _ => [] } });
            }

            list.Add(Leaf($"{city}-park", EntityKind.Park, $"{name} Demo Industrial Park (demo)", $"{nameZh[..^1]}演示工业园（演示）", city));
            list.Add(Leaf($"{city}-park-ent-1", EntityKind.Enterprise, $"{name} Park Enterprise (demo)", $"{nameZh[..^1]}园区企业（演示）", $"{city}-park"));
            for (var e = 1; e <= 2; e++)
            {
                list.Add(Leaf($"{city}-ent-{e}", EntityKind.Enterprise, $"{name} Demo Enterprise {e} (demo)", $"{nameZh[..^1]}演示企业{e}（演示）", city));
            }
        }

        return list;
    }

    /// <summary>Whether the demo registers a 2020 baseline for the body: every mine, and the zero-carbon demonstration zones.</summary>
    public static bool HasBaseline(EntityRegistration entity) =>
        entity.Kind == EntityKind.Mine || entity.Pilots.Contains(PilotProgram.ProvincialZeroCarbonZone);

    /// <summary>Whether a body of this kind files its own monthly reports in the demo (cities, zones and the province roll up).</summary>
    public static bool Reports(EntityRegistration entity) =>
        entity.Kind is EntityKind.Mine or EntityKind.Enterprise or EntityKind.Park;

    /// <summary>The synthetic report of <paramref name="entity"/> for the <paramref name="index"/>-th demo month (0-based).</summary>
    public static SubmitReport Report(EntityRegistration entity, int index)
    {
        var month = FirstMonth.AddMonths(index);
        var random = new Random(StableHash(entity.Id) ^ (month.Year * 100 + month.Month));
        var size = 0.5m + (StableHash(entity.Id) % 150 / 100m);

        // Winter heating (Nov–Mar) burns more; a slow decarbonisation trend of 0.8% a month.
        var season = month.Month is 11 or 12 or 1 or 2 or 3 ? 1.2m : 1m;
        var trend = 1m - (0.008m * index);
        var jitter = 0.9m + (random.Next(0, 21) / 100m);
        var k = size * season * trend * jitter;
        var data = entity.Kind switch
        {
            EntityKind.Mine => Mine(entity, k, random),
            EntityKind.Park => Park(k, random, index),
            _ => Enterprise(entity, k, random, index),
        };
        return new SubmitReport { Year = month.Year, Month = month.Month, IdempotencyKey = $"demo-{entity.Id}-{month:yyyy-MM}", Data = data };
    }

    private static ReportData Mine(EntityRegistration entity, decimal k, Random random)
    {
        var zeroCarbon = entity.Pilots.Contains(PilotProgram.ZeroCarbonMine);
        var drained = Round(k * 1_500_000m);
        var flared = Round(drained * (zeroCarbon ? 0.35m : 0.15m));
        var utilised = Round(drained * (zeroCarbon ? 0.55m : 0.35m));
        return new ReportData
        {
            Fuels =
            [
                new FuelLine("raw_coal", Q(Round(k * (zeroCarbon ? 300m : 1_500m)), "t")),
                new FuelLine("diesel", Q(Round(k * 60m, 1), "t")),
                new FuelLine("coalbed_methane", Q(utilised, "m3")),
            ],
            GridElectricity = Q(Round(k * 5_000m), "MWh"),
            GreenCertifiedElectricity = Q(Round(k * (zeroCarbon ? 2_500m : 200m)), "MWh"),
            OnSiteRenewableElectricity = Q(Round(k * (zeroCarbon ? 800m : 50m)), "MWh"),
            Methane = new MethaneInput(Q(drained, "m3"), Q(Round(k * (1_800_000m + random.Next(0, 200_000))), "m3"), Q(flared, "m3"), Q(utilised, "m3")),
            ValueAdded = Q(Round(k * 18_000m), "10^4 yuan"),

            // About 10 kgce of energy per tonne of raw coal, as Shanxi's large mines publish (demo figures).
            RawCoalOutput = Q(Round(k * 180_000m), "t"),
        };
    }

    private static ReportData Park(decimal k, Random random, int index) => new()
    {
        Fuels =
        [
            new FuelLine("natural_gas", Q(Round(k * 120m, 2), "10^4 m3")),
            new FuelLine("natural_gas", Q(Round(k * 80m, 2), "10^4 m3"), FuelUse.Feedstock),
            new FuelLine("coke", Q(Round(k * 400m), "t")),
        ],
        GridElectricity = Q(Round(k * 24_000m), "MWh"),
        GreenCertifiedElectricity = Q(Round(k * (6_000m + (index * 250m))), "MWh"),
        OnSiteRenewableElectricity = Q(Round(k * (1_500m + random.Next(0, 300))), "MWh"),
        PurchasedHeat = Q(Round(k * 8_000m), "GJ"),
        ValueAdded = Q(Round(k * 60_000m), "10^4 yuan"),
    };

    /// <summary>
    /// Each demo enterprise makes one main product, sized so that its CO2 per unit is of the order
    /// published for the product (demo figures): coke about 0.4 tCO2/t, clinker 0.8, crude steel
    /// 1.9, coal-based methanol 2.5.
    /// </summary>
    private static readonly (string Code, decimal PerK)[] s_products =
        [("coke", 9_000m), ("cement_clinker", 4_500m), ("crude_steel", 2_000m), ("methanol", 1_500m)];

    private static ReportData Enterprise(EntityRegistration entity, decimal k, Random random, int index) => new()
    {
        Fuels =
        [
            new FuelLine("bituminous_coal", Q(Round(k * 900m), "t")),
            new FuelLine("biomass_solid", Q(Round(k * (50m + (index * 5m))), "t"), FuelUse.Biomass),
        ],
        GridElectricity = Q(Round(k * 3_000m), "MWh"),
        GreenCertifiedElectricity = Q(Round(k * 300m), "MWh"),
        PurchasedHeat = Q(Round(k * 2_500m), "GJ"),
        ProcessCo2 = Q(Round(k * (200m + random.Next(0, 40))), "tCO2"),
        CcusRemovals = index >= 12 ? Q(Round(k * 30m), "tCO2") : null,
        ValueAdded = Q(Round(k * 9_000m), "10^4 yuan"),
        Products = [Product(s_products[StableHash(entity.Id) % s_products.Length], k)],
    };

    private static ProductLine Product((string Code, decimal PerK) product, decimal k) => new(product.Code, Q(Round(k * product.PerK), "t"));

    private static EntityRegistration Leaf(string id, EntityKind kind, string name, string nameZh, string parent) =>
        new() { Id = id, Kind = kind, Name = name, NameZh = nameZh, ParentId = parent };

    private static QuantityInput Q(decimal value, string unit) => new(value, unit);

    private static decimal Round(decimal value, int decimals = 0) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomized).</summary>
    internal static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7fffffff;
    }
}
