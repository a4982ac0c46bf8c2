using System.Buffers;
using CarbonRegistry.Accounting.Balances;
using Orleans.Serialization.GeneratedCodeHelpers;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace CarbonRegistry.Abstractions.Balances;

/// <summary>
/// Orleans' codec of <see cref="BalanceComponents"/>, written from the component list rather than
/// generated from one property per component. It keeps the wire format of the generated codec it
/// replaced: each component is field <c>(int)component</c>, then value added (21), the reports
/// without value added (22), the report count (23) and the factor-set counts (24), so silos of
/// earlier builds in the same cluster read it and are read by it (a committed fixture written by
/// such a build is read back in a test). Components added since (ids from 25) follow the counts,
/// written only when not zero. Fields a silo does not know are skipped.
/// </summary>
[RegisterSerializer]
public sealed class BalanceComponentsCodec : IFieldCodec<BalanceComponents>
{
    private const uint ValueAddedId = 21, PartsWithoutValueAddedId = 22, ReportCountId = 23, FactorSetCountsId = 24;

    /// <inheritdoc/>
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, BalanceComponents? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        writer.WriteStartObject(fieldIdDelta, expectedType, typeof(BalanceComponents));
        writer.WriteEndBase();

        // Fields go in ascending id order. The components the generated codec wrote (ids below
        // 21) always go, zero or not, as it wrote them; later components (ids above 24) only when
        // they are not zero, so a record without them is written byte for byte as before, and a
        // reader takes a missing field as zero.
        uint previous = 0;
        foreach (var component in BalanceComponentList.All.Where(c => (uint)c < ValueAddedId))
        {
            DecimalCodec.WriteField(ref writer, (uint)component - previous, value![component]);
            previous = (uint)component;
        }

        DecimalCodec.WriteField(ref writer, ValueAddedId - previous, value!.ValueAddedWanYuan);
        Int32Codec.WriteField(ref writer, PartsWithoutValueAddedId - ValueAddedId, value.PartsWithoutValueAdded);
        Int32Codec.WriteField(ref writer, ReportCountId - PartsWithoutValueAddedId, value.ReportCount);
        StringCodec.WriteField(ref writer, FactorSetCountsId - ReportCountId, value.FactorSetCounts);
        previous = FactorSetCountsId;
        foreach (var component in BalanceComponentList.All.Where(c => (uint)c > FactorSetCountsId && value[c] != 0m))
        {
            DecimalCodec.WriteField(ref writer, (uint)component - previous, value[component]);
            previous = (uint)component;
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public BalanceComponents ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference<BalanceComponents, TInput>(ref reader, field)!;
        }

        field.EnsureWireTypeTagDelimited();
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        var values = new ComponentVector.Builder();
        decimal valueAdded = 0m;
        int partsWithoutValueAdded = 0, reportCount = 0;
        var factorSetCounts = "";

        Field header = default;
        reader.ReadFieldHeader(ref header);
        reader.ConsumeEndBaseOrEndObject(ref header);
        if (header.IsEndBaseFields)
        {
            uint id = 0;
            while (true)
            {
                reader.ReadFieldHeader(ref header);
                if (header.IsEndBaseOrEndObject)
                {
                    break;
                }

                id += header.FieldIdDelta;
                switch (id)
                {
                    case ValueAddedId:
                        valueAdded = DecimalCodec.ReadValue(ref reader, header);
                        break;
                    case PartsWithoutValueAddedId:
                        partsWithoutValueAdded = Int32Codec.ReadValue(ref reader, header);
                        break;
                    case ReportCountId:
                        reportCount = Int32Codec.ReadValue(ref reader, header);
                        break;
                    case FactorSetCountsId:
                        factorSetCounts = StringCodec.ReadValue(ref reader, header) ?? "";
                        break;
                    default:
                        if (Enum.IsDefined((BalanceComponent)id))
                        {
                            values[(BalanceComponent)id] = DecimalCodec.ReadValue(ref reader, header);
                        }
                        else
                        {
                            reader.ConsumeUnknownField(header);
                        }

                        break;
                }
            }
        }

        var result = new BalanceComponents
        {
            Values = values.ToVector(),
            ValueAddedWanYuan = valueAdded,
            PartsWithoutValueAdded = partsWithoutValueAdded,
            ReportCount = reportCount,
            FactorSetCounts = factorSetCounts,
        };
        ReferenceCodec.RecordObject(reader.Session, result, placeholder);
        return result;
    }
}
