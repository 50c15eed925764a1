namespace MaShangYi.Api.Features.Regions;

/// <summary>
/// A region's code extends its parent's, as the statistical division codes (统计用区划代码) do: a city is 6 digits ending
/// in 00 (320800); a county 6 digits with the city's first four, not ending in 00 (320812); a town the county's code and
/// 3 digits (320812001); a village the town's code and 3 digits (320812001001). So nobody can give a region under their
/// own the code of a region elsewhere — least of all a city's, which <c>bootstrap-admin</c> grants by code.
/// </summary>
public static class RegionCodes
{
    public static bool Fits(int level, string? code, string? parentCode) => level switch
    {
        RegionLevels.City => IsDigits(code, 6) && code!.EndsWith("00", StringComparison.Ordinal),
        RegionLevels.County => IsDigits(code, 6) && IsDigits(parentCode, 6)
            && code!.StartsWith(parentCode![..4], StringComparison.Ordinal) && !code.EndsWith("00", StringComparison.Ordinal),
        RegionLevels.Town => IsDigits(code, 9) && IsDigits(parentCode, 6) && code!.StartsWith(parentCode!, StringComparison.Ordinal),
        RegionLevels.Village => IsDigits(code, 12) && IsDigits(parentCode, 9) && code!.StartsWith(parentCode!, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>The rule for a code at this level under this parent, in words for the person who typed it.</summary>
    public static string Rule(int level, string? parentCode) => level switch
    {
        RegionLevels.City => "市代码应为 6 位数字，以 00 结尾（如 320800）。",
        RegionLevels.County => $"县区代码应为 6 位数字，前 4 位与市代码 {parentCode} 相同，后 2 位不为 00（如 {Prefix(parentCode, 4)}12）。",
        RegionLevels.Town => $"镇街代码应为县区代码 {parentCode} 后加 3 位数字（共 9 位，如 {parentCode}001）。",
        RegionLevels.Village => $"村社区代码应为镇街代码 {parentCode} 后加 3 位数字（共 12 位，如 {parentCode}001）。",
        _ => "村社区是最低一级，不能再建下级区域。",
    };

    private static bool IsDigits(string? code, int length) => code?.Length == length && code.All(char.IsAsciiDigit);

    private static string Prefix(string? code, int length) => code is null ? "" : code[..Math.Min(length, code.Length)];
}
