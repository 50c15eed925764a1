using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;

namespace MaShangYi.Api.Features.Import;

/// <summary>One problem in an import file, where a spreadsheet user can find it: line (header = 1), column, message.</summary>
public sealed record ImportError(int Line, string Column, string Message)
{
    /// <summary>The column as the Chinese template heads it (村社区代码), for the person mending the file.</summary>
    public string ColumnName => ImportFile.ChineseName(Column);
}

public sealed record ImportRegion(string Code, string Name, int Level, string? ParentCode, int Line);

public sealed record ImportRoom(string RegionCode, string? Name, string? Address, string? ContactName, string? ContactPhone, int Line) : IRoomFields;

/// <summary>
/// Reads the region + room list: one row per room, carrying the room's region path from the city down
/// (as officials keep it in a spreadsheet). Rows with no room name only declare regions.
/// Headers may be English or Chinese.
/// </summary>
public static class ImportFile
{
    private static readonly (string Key, string English, string Chinese)[] Columns =
    [
        ("city_code", "city_code", "市代码"), ("city_name", "city_name", "市名称"),
        ("county_code", "county_code", "县区代码"), ("county_name", "county_name", "县区名称"),
        ("town_code", "town_code", "镇街代码"), ("town_name", "town_name", "镇街名称"),
        ("village_code", "village_code", "村社区代码"), ("village_name", "village_name", "村社区名称"),
        ("room_name", "room_name", "议事室名称"), ("address", "address", "地址"),
        ("contact_name", "contact_name", "联系人"), ("contact_phone", "contact_phone", "联系电话"),
    ];

    private static readonly string[] LevelPrefixes = ["city", "county", "town", "village"];

    public sealed record Parsed(IReadOnlyList<ImportRegion> Regions, IReadOnlyList<ImportRoom> Rooms, IReadOnlyList<ImportError> Errors);

    /// <summary>The headers as the template gives them: officials fill it in a spreadsheet, in Chinese.</summary>
    public static IEnumerable<string> ChineseHeaders => Columns.Select(c => c.Chinese);

    /// <summary>A column's Chinese header (village_code is 村社区代码); anything else (文件) as it is.</summary>
    public static string ChineseName(string column) => Columns.FirstOrDefault(c => c.Key == column).Chinese ?? column;

    public static Parsed Parse(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Fail(1, "文件", "文件不是 UTF-8 编码。请在 Excel 中“另存为”并选择“CSV UTF-8（逗号分隔）”。");
        }

        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            return Fail(1, "文件", "文件是空的，第一行应为表头：" + string.Join(",", ChineseHeaders));
        }

        var index = new Dictionary<string, int>();
        foreach (var (key, english, chinese) in Columns)
        {
            var at = Array.FindIndex(header, h => h.Equals(english, StringComparison.OrdinalIgnoreCase) || h == chinese);
            if (at < 0)
            {
                return Fail(1, english, $"表头缺少“{english}”（或“{chinese}”）列。");
            }

            index[key] = at;
        }

        var errors = new List<ImportError>();
        var regions = new Dictionary<string, ImportRegion>();
        var rooms = new List<ImportRoom>();
        var roomKeys = new Dictionary<(string, string), int>();
        var validator = new RoomFieldsValidator();
        while (csv.Read())
        {
            var line = csv.Parser.Row;
            string? Field(string key) => csv.TryGetField<string>(index[key], out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            if (Columns.All(c => Field(c.Key) is null))
            {
                continue;
            }

            string? parentCode = null;
            string? deepest = null;
            for (var level = 1; level <= 4; level++)
            {
                var prefix = LevelPrefixes[level - 1];
                var code = Field(prefix + "_code");
                var name = Field(prefix + "_name");
                if (code is null && name is null)
                {
                    if (level == 1)
                    {
                        errors.Add(new(line, "city_code", "必须填写市代码和市名称。"));
                    }

                    break;
                }

                if (!RegionCodes.Fits(level, code, parentCode))
                {
                    errors.Add(new(line, prefix + "_code", RegionCodes.Rule(level, parentCode)));
                    break;
                }

                if (name is null || name.Length > 64)
                {
                    errors.Add(new(line, prefix + "_name", "区域名称不能为空，且不超过 64 个字。"));
                    break;
                }

                if (regions.TryGetValue(code!, out var seen))
                {
                    if (seen.Name != name || seen.ParentCode != parentCode || seen.Level != level)
                    {
                        errors.Add(new(line, prefix + "_code", $"区划代码 {code} 在第 {seen.Line} 行是“{seen.Name}”，与本行不一致。"));
                        break;
                    }
                }
                else
                {
                    regions[code!] = new ImportRegion(code!, name, level, parentCode, line);
                }

                parentCode = code;
                deepest = code;
                if (level < 4 && Field(LevelPrefixes[level] + "_code") is null && Field(LevelPrefixes[level] + "_name") is null)
                {
                    // Deeper levels empty: the room belongs here. Anything filled below a gap is an error.
                    for (var below = level + 2; below <= 4; below++)
                    {
                        if (Field(LevelPrefixes[below - 1] + "_code") is not null)
                        {
                            errors.Add(new(line, LevelPrefixes[level] + "_code", "上一级区域为空，下级区域无法归属。"));
                        }
                    }

                    break;
                }
            }

            var room = new ImportRoom(deepest ?? "", Field("room_name"), Field("address"), Field("contact_name"), Field("contact_phone"), line);
            if (room.Name is null)
            {
                if (room.Address is not null || room.ContactName is not null || room.ContactPhone is not null)
                {
                    errors.Add(new(line, "room_name", "填写了地址或联系人，但没有议事室名称。"));
                }

                continue;
            }

            foreach (var failure in validator.Validate(room).Errors)
            {
                errors.Add(new(line, ColumnOf(failure.PropertyName), failure.ErrorMessage));
            }

            if (deepest is not null && !roomKeys.TryAdd((deepest, NameKey(room.Name)), line))
            {
                errors.Add(new(line, "room_name", $"同一区域的议事室“{room.Name}”与第 {roomKeys[(deepest, NameKey(room.Name))]} 行重复。"));
            }

            rooms.Add(room);
        }

        return new Parsed(regions.Values.ToList(), rooms, errors);
    }

    /// <summary>
    /// A room name as the database's unique key sees it: utf8mb4_unicode_ci ignores letter case and full/half width,
    /// so "A室" and "ａ室" are the same room there and must be here, or the insert fails on the key.
    /// </summary>
    public static string NameKey(string name) => name.Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    private static string ColumnOf(string property) => property switch
    {
        "name" => "room_name",
        "address" => "address",
        "contactName" => "contact_name",
        "contactPhone" => "contact_phone",
        _ => property,
    };

    private static Parsed Fail(int line, string column, string message) => new([], [], [new ImportError(line, column, message)]);
}
