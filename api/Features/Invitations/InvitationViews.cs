using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MySqlConnector;

namespace MaShangYi.Api.Features.Invitations;

public sealed record AcceptedBy(string UserName, DateTime At);

/// <summary>An invitation as the console shows it: what it offers, who accepted it, where it stands, and its printable text.</summary>
public sealed record Invitation(
    long Id, string Role, string RoleName, long RegionId, string RegionName, string? Unit, string? Note, DateOnly ExpiresOn, int MaxAccepts,
    IReadOnlyList<AcceptedBy> Accepted, string Status, string Scene, string CodeUrl, string Text, DateTime CreatedAt);

/// <summary>Reads invitations and says where each stands: pending, accepted (every place taken), expired or revoked.</summary>
public static class InvitationViews
{
    public static readonly string[] Statuses = ["pending", "accepted", "expired", "revoked"];

    /// <summary>The SQL condition of a status on invitations i, with @today the Beijing date.</summary>
    public static string StatusCondition(string status) => status switch
    {
        "revoked" => "i.revoked_at IS NOT NULL",
        "accepted" => "i.revoked_at IS NULL AND i.accepted_count >= i.max_accepts",
        "expired" => "i.revoked_at IS NULL AND i.accepted_count < i.max_accepts AND i.expires_on < @today",
        _ => "i.revoked_at IS NULL AND i.accepted_count < i.max_accepts AND i.expires_on >= @today",
    };

    public sealed class Row
    {
        public long Id { get; init; }
        public string Role { get; init; } = "";
        public long RegionId { get; init; }
        public string RegionName { get; init; } = "";
        public string? Unit { get; init; }
        public string? Note { get; init; }
        public DateTime ExpiresOn { get; init; }
        public int MaxAccepts { get; init; }
        public int AcceptedCount { get; init; }
        public DateTime? RevokedAt { get; init; }
        public string Scene { get; init; } = "";
        public long CreatedBy { get; init; }
        public DateTime CreatedAt { get; init; }
        public string RegionPath { get; init; } = "";

        public DateOnly ExpiryDate => DateOnly.FromDateTime(ExpiresOn);

        public string RoleName => Roles.ChineseNames.GetValueOrDefault(Role, Role);

        public string Status(DateOnly today) =>
            RevokedAt is not null ? "revoked"
            : AcceptedCount >= MaxAccepts ? "accepted"
            : ExpiryDate < today ? "expired"
            : "pending";

        /// <summary>The sentence printed with the code and shown to the invitee.</summary>
        public string Text => string.Create(CultureInfo.InvariantCulture,
            $"邀请你担任 {RegionName} 的 {RoleName}{(Unit is null ? "" : $"（{Unit}）")}。请于 {ExpiryDate:yyyy-MM-dd} 前用微信扫描小程序码，填写姓名后接受。");
    }

    public const string Select = """
        SELECT i.id, i.role, i.region_id AS RegionId, r.name AS RegionName, i.unit, i.note, i.expires_on AS ExpiresOn,
               i.max_accepts AS MaxAccepts, i.accepted_count AS AcceptedCount, i.revoked_at AS RevokedAt, i.scene,
               i.created_by AS CreatedBy, i.created_at AS CreatedAt, r.path AS RegionPath
        FROM invitations i JOIN regions r ON r.id = i.region_id
        """;

    public static async Task<Row?> FindAsync(MySqlConnection connection, long id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE i.id = @id", new { id }, cancellationToken: ct));

    /// <summary>The views of <paramref name="rows"/>, with who accepted each (by the name they gave), in one more query.</summary>
    public static async Task<List<Invitation>> ViewsAsync(MySqlConnection connection, IReadOnlyList<Row> rows, DateOnly today, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToArray();
        List<(long InvitationId, string Name, DateTime At)> found = ids.Length == 0 ? [] : (await connection.QueryAsync<(long, string, DateTime)>(new CommandDefinition(
            "SELECT invitation_id, name, accepted_at FROM invitation_acceptances WHERE invitation_id IN @ids ORDER BY accepted_at, user_id",
            new { ids }, cancellationToken: ct))).AsList();
        var accepted = found.ToLookup(a => a.InvitationId);
        return [.. rows.Select(r => new Invitation(
            r.Id, r.Role, r.RoleName, r.RegionId, r.RegionName, r.Unit, r.Note, r.ExpiryDate, r.MaxAccepts,
            [.. accepted[r.Id].Select(a => new AcceptedBy(a.Name, a.At))],
            r.Status(today), r.Scene, $"/api/invitations/{r.Id}/code", r.Text, r.CreatedAt))];
    }
}
