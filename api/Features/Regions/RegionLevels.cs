namespace MaShangYi.Api.Features.Regions;

/// <summary>The four levels of DESIGN §2.</summary>
public static class RegionLevels
{
    /// <summary>The whole deployment: no region row, the parent of the cities (the province statistics).</summary>
    public const int Province = 0;
    public const int City = 1;
    public const int County = 2;
    public const int Town = 3;
    public const int Village = 4;

    public static string Name(int level) => level switch
    {
        Province => "省",
        City => "市",
        County => "县区",
        Town => "镇街",
        Village => "村社区",
        _ => "区域",
    };

    /// <summary>
    /// A region's level as a topic's chain columns name it (region_l1..region_l4), checked before it is written into SQL.
    /// Levels come from the database, never from a request, so any other value is a bug.
    /// </summary>
    public static int Column(int level) =>
        level is >= City and <= Village ? level : throw new ArgumentOutOfRangeException(nameof(level), level, "regions have levels 1 to 4");

    /// <summary>The materialised path of a region: its ancestors' codes and its own, e.g. <c>/320800/320803/</c>.</summary>
    public static string ChildPath(string? parentPath, string code) => (parentPath ?? "/") + code + "/";

    public static string[] CodesOf(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}

public sealed record RegionRef(long Id, string Code, string Name, int Level)
{
    public string LevelName => RegionLevels.Name(Level);
}
