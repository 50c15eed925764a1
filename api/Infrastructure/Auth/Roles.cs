namespace MaShangYi.Api.Infrastructure.Auth;

/// <summary>The roles of DESIGN §3. Every role is a grant on a region and covers that region's whole subtree.</summary>
public static class Roles
{
    public const string Volunteer = "volunteer";
    public const string Reviewer = "reviewer";
    public const string RoomAdmin = "room_admin";
    public const string CppccMember = "cppcc_member";
    public const string Implementer = "implementer";
    public const string RegionAdmin = "region_admin";

    public static readonly IReadOnlyDictionary<string, string> ChineseNames = new Dictionary<string, string>
    {
        [Volunteer] = "志愿者/网格员",
        [Reviewer] = "审核人员",
        [RoomAdmin] = "议事室管理员",
        [CppccMember] = "政协委员",
        [Implementer] = "承办单位",
        [RegionAdmin] = "区域管理员",
    };

    /// <summary>Not granted: any logged-in user, as a resident.</summary>
    public const string Resident = "resident";

    /// <summary>Not granted: the user who raised the topic at hand.</summary>
    public const string Proposer = "proposer";

    /// <summary>The relations to a topic that are not grants, named like the roles (GET /api/workflow publishes both).</summary>
    public static readonly IReadOnlyDictionary<string, string> RelationNames = new Dictionary<string, string>
    {
        [Resident] = "居民",
        [Proposer] = "提出人",
    };

    /// <summary>Whether <paramref name="role"/> is a role a grant or invitation may give.</summary>
    public static bool IsKnown(string? role) => role is not null && ChineseNames.ContainsKey(role);
}
