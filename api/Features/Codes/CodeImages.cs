using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Codes;

/// <summary>
/// A room's code image: made once (WeChat's getwxacodeunlimit, or a plain QR code when simulated), stored in the
/// database so every API instance serves the same bytes, and never made again — codes never expire and the
/// scene never changes.
/// </summary>
public sealed class CodeImages(MySqlDataSource db, IWeChatClient wechat, IOptions<WeChatOptions> options, TimeProvider clock)
{
    private readonly WeChatOptions _options = options.Value;

    private string Source => _options.Mode == WeChatMode.Real ? "wechat" : "simulated";

    public async Task<WxaCodeImage> GetOrCreateAsync(RoomView room, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<(string ContentType, byte[] Image)>(new CommandDefinition(
            "SELECT content_type, image FROM room_code_images WHERE room_id = @Id AND source = @Source",
            new { room.Id, Source }, cancellationToken: ct));
        if (stored.Image is not null)
        {
            return new WxaCodeImage(stored.Image, stored.ContentType);
        }

        var image = await wechat.GetUnlimitedWxaCodeAsync(new WxaCodeRequest(room.Scene, _options.LandingPage, _options.EnvVersion), ct);
        // Two callers racing for a new room's code both ask WeChat once; the first stored image wins for everyone after.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO room_code_images (room_id, source, content_type, image, created_at) VALUES (@Id, @Source, @ContentType, @Bytes, @now)
            ON DUPLICATE KEY UPDATE room_id = room_id
            """,
            new { room.Id, Source, image.ContentType, image.Bytes, now = clock.StoredNow() }, cancellationToken: ct));
        return image;
    }

    /// <summary>An invitation's code (it opens the invitation page), made once and stored like a room's.</summary>
    public async Task<WxaCodeImage> GetOrCreateForInvitationAsync(long invitationId, string scene, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<(string ContentType, byte[] Image)>(new CommandDefinition(
            "SELECT content_type, image FROM invitation_code_images WHERE invitation_id = @invitationId AND source = @Source",
            new { invitationId, Source }, cancellationToken: ct));
        if (stored.Image is not null)
        {
            return new WxaCodeImage(stored.Image, stored.ContentType);
        }

        var image = await wechat.GetUnlimitedWxaCodeAsync(new WxaCodeRequest(scene, _options.InvitationPage, _options.EnvVersion), ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO invitation_code_images (invitation_id, source, content_type, image, created_at) VALUES (@invitationId, @Source, @ContentType, @Bytes, @now)
            ON DUPLICATE KEY UPDATE invitation_id = invitation_id
            """,
            new { invitationId, Source, image.ContentType, image.Bytes, now = clock.StoredNow() }, cancellationToken: ct));
        return image;
    }

    /// <summary>A console login ticket's code (it opens the confirm page). Not stored: a ticket lives two minutes and its page shows it once.</summary>
    public Task<WxaCodeImage> ForLoginTicketAsync(string scene, CancellationToken ct) =>
        wechat.GetUnlimitedWxaCodeAsync(new WxaCodeRequest(scene, _options.ConsoleLoginPage, _options.EnvVersion), ct);

    public static string Extension(string contentType) => contentType == "image/jpeg" ? ".jpg" : ".png";
}
