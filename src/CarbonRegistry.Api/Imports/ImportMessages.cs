namespace CarbonRegistry.Api.Imports;

/// <summary>
/// The Chinese message of a row refused by its entity: a sentence per code reporters meet; the
/// English message beside it carries the details (figures, periods) in full.
/// </summary>
public static class ImportMessages
{
    private static readonly Dictionary<string, string> s_zh = new(StringComparer.Ordinal)
    {
        ["FORBIDDEN"] = "该单位不在您的填报范围内。",
        ["UNKNOWN_ENTITY"] = "单位编码未登记。",
        ["ENTITY_RETIRED"] = "该单位已注销。",
        ["REPORT_EXISTS"] = "该月已填报;如需更正,请在“修改原因”列说明原因。",
        ["NO_REPORT"] = "该月尚未填报,无可修改的报表;请清空“修改原因”列。",
        ["PERIOD_LOCKED"] = "该期间已锁定,不能填报或修改。",
        ["FUTURE_PERIOD"] = "该月尚未结束,不能填报。",
        ["INVALID_PERIOD"] = "年份或月份无效。",
        ["IDEMPOTENCY_KEY_REUSED"] = "同一文件同一行的内容与此前提交的不同。",
        ["INVALID_QUANTITY"] = "数值无效(负数、过大或小数位过多)。",
        ["UNKNOWN_UNIT"] = "单位无法识别。",
        ["UNIT_NOT_VALID"] = "单位与该项的计量类别不符。",
        ["UNKNOWN_CARRIER"] = "该年度的因子集中没有此能源品种。",
        ["CARRIER_USE_NOT_VALID"] = "该能源品种不能按此用途填报。",
        ["NO_FACTOR_SET_FOR_YEAR"] = "该年度没有可用的排放因子集。",
        ["GREEN_EXCEEDS_GRID"] = "绿证电量大于外购电量。",
        ["METHANE_BALANCE_NOT_VALID"] = "瓦斯排空、火炬燃烧与利用量之和大于抽采量。",
        ["UNKNOWN_PRODUCT"] = "产品目录中没有此产品。",
        ["DUPLICATE_PRODUCT"] = "同一产品填报了两次。",
        ["MISSING_FIELD"] = "缺少必填项。",
        ["INVALID_TEXT"] = "文字过长或含控制字符。",
        ["TOO_MANY_ITEMS"] = "条目过多。",
        ["STORAGE_UNAVAILABLE"] = "数据库暂时无法访问,未保存任何数据;请重试。",
        ["UNAVAILABLE"] = "服务暂时不可用,请重试;同一文件重复上传不会重复提交。",
    };

    /// <summary>The Chinese message for <paramref name="code"/> on <paramref name="row"/>.</summary>
    public static string Chinese(string code, int row) =>
        $"第{row}行:" + (s_zh.TryGetValue(code, out var text) ? text : $"未通过校验({code}),详见英文说明。");
}
