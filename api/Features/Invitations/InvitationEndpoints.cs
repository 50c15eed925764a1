using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Codes;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Invitations;

/// <summary>
/// A region admin invites people into roles (邀请任职) instead of granting to user ids nobody can see: the invitation is a
/// mini program code; whoever scans it and accepts gets the grant, under the name they give.
/// </summary>
public static class InvitationEndpoints
{
    public sealed record InvitationRequest(string Role, long RegionId, string? Unit, string? Note, DateOnly? ExpiresOn, int? MaxAccepts);

    public sealed record InvitationList(IReadOnlyList<Invitation> Items);

    public const int DefaultDays = 7;
    public const int MaxDays = 90;
    public const int MaxAcceptsLimit = 100;
    private const int ListLimit = 500;

    public static IEndpointRouteBuilder MapInvitationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Invitations").RequireAuthorization().WithValidation();
        group.MapPost("/", Create)
            .WithSummary("Invite people into a role on a region in the caller's subtree (region admin); expiresOn defaults to 7 days on, maxAccepts to 1")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/", List)
            .WithSummary("Invitations in the caller's regions (or one region's subtree), newest first, with who accepted them (region admin)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/{id:long}/revoke", Revoke)
            .WithSummary("Revoke an invitation: it can no longer be accepted (grants already made stay until revoked as grants)")
            .ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/{id:long}/code", Code)
            .WithSummary("The invitation's mini program code image, to print or send (region admin)")
            .Produces(200, contentType: "image/png").ProducesProblem(403).ProducesProblem(404).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);
        app.MapInvitationAcceptEndpoints();
        return app;
    }

    private static async Task<Results<Created<Invitation>, ProblemHttpResult>> Create(
        InvitationRequest request, CallerAccessor callers, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var region = await RegionQueries.FindAsync(connection, request.RegionId, ct);
        if (region is null)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        var caller = await callers.GetAsync(ct);
        if (!caller.HasRole(Roles.RegionAdmin, region.Path))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员，不能邀请他人在此任职。");
        }

        var today = clock.Today();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO invitations (scene, role, region_id, unit, note, expires_on, max_accepts, created_by, created_at)
            VALUES (@scene, @Role, @RegionId, @unit, @note, @expiresOn, @maxAccepts, @userId, @now);
            SELECT LAST_INSERT_ID();
            """,
            new
            {
                scene = SceneCodes.Generate(SceneCodes.InvitationPrefix), request.Role, request.RegionId,
                unit = TextInput.Clean(request.Unit), note = TextInput.Clean(request.Note),
                expiresOn = (request.ExpiresOn ?? today.AddDays(DefaultDays)).ToDateTime(TimeOnly.MinValue),
                maxAccepts = request.MaxAccepts ?? 1, userId = caller.UserId, now = clock.StoredNow(),
            },
            cancellationToken: ct));
        var row = await InvitationViews.FindAsync(connection, id, ct);
        return TypedResults.Created($"/api/invitations/{id}", (await InvitationViews.ViewsAsync(connection, [row!], today, ct))[0]);
    }

    private static async Task<Results<Ok<InvitationList>, ProblemHttpResult, ValidationProblem>> List(
        long? regionId, string? status, CallerAccessor callers, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (status is not null && !InvitationViews.Statuses.Contains(status))
        {
            return ApiProblem.Validation("status", "状态只能是 pending、accepted、expired 或 revoked。");
        }

        var caller = await callers.GetAsync(ct);
        var scopes = caller.GrantsOf(Roles.RegionAdmin).Select(g => g.Path).Distinct().ToList();
        await using var connection = await db.OpenConnectionAsync(ct);
        if (regionId is { } asked)
        {
            var region = await RegionQueries.FindAsync(connection, asked, ct);
            if (region is null)
            {
                return ApiProblem.NotFound("region_not_found", "区域不存在。");
            }

            if (!caller.HasRole(Roles.RegionAdmin, region.Path))
            {
                return ApiProblem.Forbidden("您不是该区域的管理员。");
            }

            scopes = [region.Path];
        }
        else if (scopes.Count == 0)
        {
            return ApiProblem.Forbidden("只有区域管理员可以查看邀请。");
        }

        var today = clock.Today();
        var args = new DynamicParameters(new { today = today.ToDateTime(TimeOnly.MinValue), limit = ListLimit });
        var covered = string.Join(" OR ", scopes.Select((path, i) =>
        {
            args.Add($"p{i}", path);
            return $"r.path LIKE CONCAT(@p{i}, '%')";
        }));
        var filter = status is null ? "" : " AND " + InvitationViews.StatusCondition(status);
        var rows = (await connection.QueryAsync<InvitationViews.Row>(new CommandDefinition(
            $"{InvitationViews.Select} WHERE ({covered}){filter} ORDER BY i.id DESC LIMIT @limit", args, cancellationToken: ct))).AsList();
        return TypedResults.Ok(new InvitationList(await InvitationViews.ViewsAsync(connection, rows, today, ct)));
    }

    private static async Task<Results<Ok<Invitation>, ProblemHttpResult>> Revoke(
        long id, CallerAccessor callers, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var caller = await callers.GetAsync(ct);
        if (await InvitationViews.FindAsync(connection, id, ct) is not { } row || !caller.HasRole(Roles.RegionAdmin, row.RegionPath))
        {
            return NotFound();
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE invitations SET revoked_at = @now, revoked_by = @userId WHERE id = @id AND revoked_at IS NULL",
            new { id, now = clock.StoredNow(), userId = caller.UserId }, cancellationToken: ct));
        var revoked = await InvitationViews.FindAsync(connection, id, ct);
        return TypedResults.Ok((await InvitationViews.ViewsAsync(connection, [revoked!], clock.Today(), ct))[0]);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Code(
        long id, CallerAccessor callers, CodeImages images, MySqlDataSource db, CancellationToken ct)
    {
        InvitationViews.Row? row;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            row = await InvitationViews.FindAsync(connection, id, ct);
        }

        if (row is null || !(await callers.GetAsync(ct)).HasRole(Roles.RegionAdmin, row.RegionPath))
        {
            return NotFound();
        }

        try
        {
            var image = await images.GetOrCreateForInvitationAsync(row.Id, row.Scene, ct);
            return TypedResults.File(image.Bytes, image.ContentType, $"邀请-{ZipEntryNames.Segment(row.RegionName)}-{row.RoleName}-{row.Scene}{CodeImages.Extension(image.ContentType)}");
        }
        catch (WeChatException ex)
        {
            return CodeEndpoints.CodeProblem(ex);
        }
    }

    // Another region's invitation is not there for this admin at all.
    private static ProblemHttpResult NotFound() => ApiProblem.NotFound("invitation_not_found", "邀请不存在。");

    internal sealed class InvitationValidator : AbstractValidator<InvitationRequest>
    {
        public InvitationValidator(TimeProvider clock)
        {
            RuleFor(x => x.Role).Must(Roles.IsKnown)
                .WithMessage(x => Choices.Unknown("角色", x.Role, Roles.ChineseNames.Values));
            RuleFor(x => x.RegionId).GreaterThan(0).WithMessage("请选择区域。");
            RuleFor(x => x.Unit).MaximumLength(100).WithMessage("单位名称不超过 100 个字。");
            RuleFor(x => x.Unit).Must(u => !string.IsNullOrWhiteSpace(u)).When(x => x.Role == Roles.Implementer).WithMessage("承办单位角色须填写单位名称。");
            RuleFor(x => x.Note).MaximumLength(200).WithMessage("备注不超过 200 个字。");
            RuleFor(x => x.ExpiresOn).Must(d => d is not { } day || (day >= clock.Today() && day <= clock.Today().AddDays(MaxDays)))
                .WithMessage($"有效期至应在今天到 {MaxDays} 天之后之间。");
            RuleFor(x => x.MaxAccepts).InclusiveBetween(1, MaxAcceptsLimit).When(x => x.MaxAccepts is not null)
                .WithMessage($"可接受人数应在 1 到 {MaxAcceptsLimit} 之间。");
        }
    }
}
