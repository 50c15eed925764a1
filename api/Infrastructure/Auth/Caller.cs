using System.Security.Claims;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;

namespace MaShangYi.Api.Infrastructure.Auth;

/// <summary>
/// Who is calling and which role grants they hold, read once per request from the database (so a revoked
/// grant stops working at once). A grant covers every region whose path starts with the grant's region path.
/// </summary>
public sealed class Caller
{
    public static readonly Caller Anonymous = new(null, []);

    public Caller(long? userId, IReadOnlyList<CallerGrant> grants)
    {
        UserId = userId;
        Grants = grants;
    }

    public long? UserId { get; }

    public IReadOnlyList<CallerGrant> Grants { get; }

    public bool HasRole(string role, string regionPath) =>
        Grants.Any(g => g.Role == role && regionPath.StartsWith(g.Path, StringComparison.Ordinal));

    public bool HasAnyRole(string regionPath, params string[] roles) => roles.Any(r => HasRole(r, regionPath));

    public IEnumerable<string> UnitsFor(string role, string regionPath) =>
        Grants.Where(g => g.Role == role && g.Unit is not null && regionPath.StartsWith(g.Path, StringComparison.Ordinal)).Select(g => g.Unit!);

    /// <summary>The grants of <paramref name="role"/>, for building scope filters on lists.</summary>
    public IEnumerable<CallerGrant> GrantsOf(string role) => Grants.Where(g => g.Role == role);

    /// <summary>The role and unit to write on a timeline event for an action by holders of <paramref name="roles"/>.</summary>
    public (string Role, string? Unit) ActingAs(string regionPath, params string[] roles)
    {
        foreach (var role in roles)
        {
            var grant = Grants.Where(g => g.Role == role && regionPath.StartsWith(g.Path, StringComparison.Ordinal))
                .OrderByDescending(g => g.Path.Length).FirstOrDefault();
            if (grant is not null)
            {
                return (grant.Role, grant.Unit ?? grant.RegionName);
            }
        }

        return (Roles.Resident, null);
    }
}

public sealed record CallerGrant(string Role, string Path, string RegionName, string? Unit, long RegionId, int Level);

/// <summary>Loads the <see cref="Caller"/> of the current request once.</summary>
public sealed class CallerAccessor(IHttpContextAccessor http, Reads reads)
{
    private Caller? _caller;

    public async Task<Caller> GetAsync(CancellationToken ct)
    {
        if (_caller is not null)
        {
            return _caller;
        }

        var principal = http.HttpContext?.User;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return _caller = Caller.Anonymous;
        }

        var userId = principal.UserId();
        var grants = await reads.RunAsync(async connection => (await connection.QueryAsync<CallerGrant>(new CommandDefinition(GrantsSql, new { userId }, cancellationToken: ct))).AsList(), ct);
        return _caller = new Caller(userId, grants);
    }

    /// <summary>The grants of the user @userId (none for 0), as <see cref="CallerGrant"/>s: a request's own first query may carry it (<see cref="Adopt"/>).</summary>
    public const string GrantsSql = $"SELECT {GrantColumns} FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE g.user_id = @userId";

    /// <summary>A <see cref="CallerGrant"/>'s columns, from role_grants g joined to its region r.</summary>
    public const string GrantColumns = "g.role, r.path, r.name AS RegionName, g.unit, r.id AS RegionId, r.level";

    /// <summary>The signed-in user whose grants are not read yet (null: anonymous, or read): a request may read them with its own first query and <see cref="Adopt"/> them.</summary>
    public long? UnreadUserId => _caller is null && http.HttpContext?.User is { Identity.IsAuthenticated: true } principal ? principal.UserId() : null;

    /// <summary>The signed-in caller with grants the request read itself (<see cref="GrantColumns"/>); later reads in the request reuse it.</summary>
    public Caller Adopt(long userId, IEnumerable<CallerGrant> grants) => _caller = new Caller(userId, grants.ToList());
}
