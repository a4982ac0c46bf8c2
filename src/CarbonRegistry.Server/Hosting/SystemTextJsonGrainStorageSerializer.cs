using System.Text.Json;
using Orleans.Storage;

namespace CarbonRegistry.Server.Hosting;

/// <summary>
/// Grain snapshots as System.Text.Json (UTF-8 in the bytea column): readable in the database and
/// free of the Newtonsoft dependency Orleans' default storage serializer brings.
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
