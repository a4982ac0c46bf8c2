using System.Net;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Accounting.ZeroCarbon;
using CarbonRegistry.Grains;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Server.Demo;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CarbonRegistry.Server.Hosting;

/// <summary>The wiring of the host, one extension per concern, so Program.cs reads as a table of contents.</summary>
public static class RegistryHostExtensions
{
    /// <summary>Factor sets, the database, migrations, the ledger writer and reader.</summary>
    public static IHostApplicationBuilder AddRegistryStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString ??= configuration.GetConnectionString("Registry"))
            .ValidateDataAnnotations()
            .Validate(
                options => options.Provider != StorageProvider.PostgreSql || !string.IsNullOrWhiteSpace(options.ConnectionString),
                "Storage:Provider is PostgreSql, so ConnectionStrings:Registry must be set.")
            .ValidateOnStart();
        builder.Services.AddOptions<RegistryOptions>().Bind(builder.Configuration.GetSection(RegistryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        // Factor sets are loaded and validated once, at start-up: a bad factor file stops the process
        // with the file and key named, before anything is computed with it.
        var policy = builder.Configuration["Policy:Directory"] ?? ProjectPolicyLoader.DefaultDirectory;
        builder.Services.AddSingleton(_ => FactorSetLoader.LoadDirectory(builder.Configuration["Factors:Directory"] ?? FactorSetLoader.DefaultDirectory)
            .WithDeductions(DeductionRules.Load(policy)));
        builder.Services.AddSingleton(_ => ProjectPolicyLoader.LoadDirectory(policy));
        builder.Services.AddSingleton(_ => ZeroCarbonRules.Load(policy));
        builder.Services.AddSingleton(_ => ProductCatalog.Load(policy));
        builder.Services.AddSingleton(_ => AssessmentSchemes.Load(policy));
        builder.Services.AddSingleton(services => RegistryDatabase.Create(services.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<LedgerWriter>();
        builder.Services.AddSingleton<RegistryReader>();
        builder.Services.AddSingleton<CarbonRegistry.Abstractions.Ledger.ILedgerFeed, CarbonRegistry.Storage.Feed.LedgerFeed>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<DatabaseMigration>();
        return builder;
    }

    /// <summary>The silo: localhost clustering and memory snapshots on the embedded default; AdoNet membership, snapshots and reminders on PostgreSQL.</summary>
    public static IHostApplicationBuilder AddRegistryOrleans(this IHostApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = builder.Configuration.GetConnectionString("Registry");
        builder.Services.AddOptions<OrleansOptions>().Bind(builder.Configuration.GetSection(OrleansOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var orleans = builder.Configuration.GetSection(OrleansOptions.Section).Get<OrleansOptions>() ?? new OrleansOptions();
        builder.Services.PostConfigure<RegistryOptions>(options =>
        {
            options.DurableReminders = storage.Provider == StorageProvider.PostgreSql;
            options.DurableSnapshots = storage.Provider == StorageProvider.PostgreSql;
        });
        builder.Services.AddSingleton<RollupNotices>();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = orleans.ClusterId;
                options.ServiceId = orleans.ServiceId;
            });
            var clustering = orleans.Clustering ?? (storage.Provider == StorageProvider.PostgreSql ? OrleansClustering.AdoNet : OrleansClustering.Localhost);
            if (clustering == OrleansClustering.AdoNet)
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Orleans:Clustering is AdoNet, so ConnectionStrings:Registry must name the PostgreSQL database that holds the membership table.");
                }

                silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
                silo.ConfigureEndpoints(IPAddress.Parse(orleans.AdvertisedIPAddress), orleans.SiloPort, orleans.GatewayPort, orleans.ListenOnAnyHostAddress);
                silo.Configure<ClusterMembershipOptions>(options =>
                {
                    // A dead silo is declared within about 5 s: probes time out after ProbeTimeout
                    // (1 s), three missed probes make a suspicion, two suspicions a death.
                    options.ProbeTimeout = orleans.ProbeTimeout;
                    options.MinProbeTimeout = orleans.ProbeTimeout;
                    options.MaxProbeTimeout = orleans.ProbeTimeout * 2;
                    options.NumMissedProbesLimit = 3;
                    options.NumVotesForDeathDeclaration = 2;
                    options.TableRefreshTimeout = orleans.TableRefreshTimeout;
                    options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
                    // A joining silo ignores entries that have not said "I am alive" for 3 × 30 s
                    // (silos killed without a goodbye), rather than waiting to reach them.
                    options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
                    options.NumMissedTableIAmAliveLimit = 3;
                });
            }
            else
            {
                silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            }

            if (TelemetryHosting.OtlpConfigured(builder.Configuration))
            {
                // Grain calls become spans of the request that made them.
                silo.AddActivityPropagation();
            }

            if (storage.Provider == StorageProvider.PostgreSql)
            {
                silo.AddAdoNetGrainStorage(RegistryOptions.SnapshotStore, options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                    options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer();
                });
                silo.UseAdoNetReminderService(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
            }
            else
            {
                // The same serializer as on PostgreSQL: Orleans' default (Newtonsoft with type names)
                // cannot read back the compiler's collection types a snapshot holds.
                silo.AddMemoryGrainStorage(RegistryOptions.SnapshotStore, options => options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer());
                silo.UseInMemoryReminderService();
            }
        });
        return builder;
    }

    /// <summary>Demo data of Shanxi's pilots on first start (default: on for the embedded SQLite store).</summary>
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var seed = builder.Configuration.GetValue<bool?>("Demo:Seed") ?? storage.Provider == StorageProvider.Sqlite;
        if (seed)
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }

        return builder;
    }
}
