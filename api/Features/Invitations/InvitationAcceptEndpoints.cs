using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Grants;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Invitations;

/// <summary>The invitee's side, in the mini program: see what the scanned invitation offers, and accept it under one's name.</summary>
public static class InvitationAcceptEndpoints
{
    public sealed record InvitationPreview(string Role, string RoleName, string RegionName, string? Unit, string? Note, DateOnly ExpiresOn, string Status, string Text);

    public sealed record AcceptRequest(string Name);

    public sealed record Accepted(GrantEndpoints.Grant Grant);

    public const int MaxNameLength = 20;

    public static IEndpointRouteBuilder MapInvitationAcceptEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations/by-scene/{scene}").WithTags("Invitations").RequireAuthorization().WithValidation();
        group.MapGet("/", Preview)
            .WithSummary("What a scanned invitation offers: role, region, unit, until when, and whether it can still be accepted")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapPost("/accept", Accept)
            .WithSummary("Accept the invitation under the name colleagues know the caller by: the role is granted to the caller")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(410);
        return app;
    }

    private static async Task<Results<Ok<InvitationPreview>, ProblemHttpResult, ValidationProblem>> Preview(
        string scene, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!IsInvitationScene(scene, out var normalized))
        {
            return InvalidScene();
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<InvitationViews.Row>(new CommandDefinition(
            InvitationViews.Select + " WHERE i.scene = @normalized", new { normalized }, cancellationToken: ct));
        return row is null
            ? NotFound()
            : TypedResults.Ok(new InvitationPreview(row.Role, row.RoleName, row.RegionName, row.Unit, row.Note, row.ExpiryDate, row.Status(clock.Today()), row.Text));
    }

    private static async Task<Results<Ok<Accepted>, ProblemHttpResult, ValidationProblem>> Accept(
        string scene, AcceptRequest request, CallerAccessor callers, Access access, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!IsInvitationScene(scene, out var normalized))
        {
            return InvalidScene();
        }

        var userId = (await callers.GetAsync(ct)).UserId!.Value;
        var name = request.Name.Trim();
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Locked for the rest of the acceptance: people accepting at once take the places one after another.
        var row = await connection.QuerySingleOrDefaultAsync<InvitationViews.Row>(new CommandDefinition(
            InvitationViews.Select + " WHERE i.scene = @normalized FOR UPDATE", new { normalized }, tx, cancellationToken: ct));
        if (row is null)
        {
            return NotFound();
        }

        if (await RefusalAsync(connection, tx, row, userId, access, clock.Today(), ct) is { } refusal)
        {
            return refusal;
        }

        long grantId;
        try
        {
            grantId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO role_grants (user_id, role, region_id, unit, granted_by, created_at) VALUES (@userId, @Role, @RegionId, @Unit, @CreatedBy, @now);
                SELECT LAST_INSERT_ID();
                """,
                new { userId, row.Role, row.RegionId, row.Unit, row.CreatedBy, now }, tx, cancellationToken: ct));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("grant_exists", "您已经担任该区域的这个角色，无需再接受邀请。");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO invitation_acceptances (invitation_id, user_id, name, grant_id, accepted_at) VALUES (@Id, @userId, @name, @grantId, @now);
            UPDATE invitations SET accepted_count = accepted_count + 1 WHERE id = @Id;
            UPDATE users SET display_name = @name WHERE id = @userId;
            """,
            new { row.Id, userId, name, grantId, now }, tx, cancellationToken: ct));
        var grant = await connection.QuerySingleAsync<GrantEndpoints.Grant>(new CommandDefinition(
            GrantEndpoints.GrantSelect + " WHERE g.id = @grantId", new { grantId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new Accepted(grant));
    }

    private static async Task<ProblemHttpResult?> RefusalAsync(
        MySqlConnection connection, MySqlTransaction tx, InvitationViews.Row row, long userId, Access access, DateOnly today, CancellationToken ct)
    {
        var gone = row.Status(today) switch
        {
            "revoked" => ApiProblem.Create(StatusCodes.Status410Gone, "invitation_revoked", "该邀请已被撤销，请联系邀请您的管理员。"),
            "expired" => ApiProblem.Create(StatusCodes.Status410Gone, "invitation_expired", "该邀请已过期，请联系邀请您的管理员重新邀请。"),
            _ => null,
        };
        if (gone is not null)
        {
            return gone;
        }

        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM invitation_acceptances WHERE invitation_id = @Id AND user_id = @userId)",
                new { row.Id, userId }, tx, cancellationToken: ct)))
        {
            return ApiProblem.Conflict("already_accepted", "您已经接受过这个邀请。");
        }

        if (row.Status(today) == "accepted")
        {
            return ApiProblem.Conflict("invitation_used_up", "该邀请的名额已满，请联系邀请您的管理员。");
        }

        // An invitation carries its creator's authority: once they no longer administer the region, it is void.
        return await access.IsRegionAdminAsync(row.CreatedBy, row.RegionId, ct)
            ? null
            : ApiProblem.Create(StatusCodes.Status410Gone, "invitation_revoked", "邀请人已不再管理该区域，邀请已失效，请联系现任管理员。");
    }

    private static bool IsInvitationScene(string scene, out string normalized)
    {
        normalized = SceneCodes.Normalize(scene);
        return SceneCodes.IsPrefixed(normalized, SceneCodes.InvitationPrefix);
    }

    private static ValidationProblem InvalidScene() => ApiProblem.Validation("scene", "这不是任职邀请的小程序码，请扫描管理员给您的邀请码。");

    private static ProblemHttpResult NotFound() => ApiProblem.NotFound("invitation_not_found", "邀请不存在，请确认扫描的是管理员给您的邀请码。");

    internal sealed class AcceptValidator : AbstractValidator<AcceptRequest>
    {
        public AcceptValidator() =>
            RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写您的姓名（同事们平时称呼您的名字）。")
                .Must(n => n is null || n.Trim().Length <= MaxNameLength).WithMessage($"姓名不超过 {MaxNameLength} 个字。")
                .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("姓名里有不能显示的字符。");
    }
}
