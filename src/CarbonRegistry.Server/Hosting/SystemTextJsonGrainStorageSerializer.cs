using System.Text.Json;
using Orleans.Storage;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// Grain snapshots as System.Text.Json (UTF-8 in the bytea column, or in memory on the embedded
/// default): readable in the database, and free of Orleans' default storage serializer
/// (Newtonsoft with type names), which cannot read back the compiler's collection types.
/// </summary>
public sealed class SystemTextJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.General)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input, s_options);

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(s_options)!;
}
