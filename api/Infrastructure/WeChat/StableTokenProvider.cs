using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>
/// The WeChat access token from <c>stable_token</c>, cached and shared by every caller in this process and
/// refreshed five minutes before it expires. stable_token in normal mode hands several instances the same
/// token, so scaling out does not make instances invalidate each other (the classic /cgi-bin/token would).
/// </summary>
public sealed class StableTokenProvider(IHttpClientFactory httpFactory, IOptions<WeChatOptions> options, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "wechat-token";
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public void Dispose() => _gate.Dispose();

    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (_current is { } cached && cached.ExpiresAt - RefreshAhead > clock.GetUtcNow())
        {
            return cached.Token;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.ExpiresAt - RefreshAhead > clock.GetUtcNow())
            {
                return again.Token;
            }

            return await FetchAsync(forceRefresh: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// WeChat rejected <paramref name="rejected"/>: get a new one. Normal mode first; if WeChat hands back the
    /// same token, force a refresh (limited to 20 a day by WeChat, so only then).
    /// </summary>
    public async Task<string> RenewAsync(string rejected, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } cached && cached.Token != rejected && cached.ExpiresAt - RefreshAhead > clock.GetUtcNow())
            {
                return cached.Token; // another caller already renewed it
            }

            var token = await FetchAsync(forceRefresh: false, ct);
            return token != rejected ? token : await FetchAsync(forceRefresh: true, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> FetchAsync(bool forceRefresh, CancellationToken ct)
    {
        var wechat = options.Value;
        var http = httpFactory.CreateClient(HttpClientName);
        using var response = await WeChatClient.SendAsync(http, () => new HttpRequestMessage(HttpMethod.Post, "cgi-bin/stable_token")
        {
            Content = JsonContent.Create(new StableTokenRequest("client_credential", wechat.AppId, wechat.AppSecret, forceRefresh)),
        }, ct);
        var body = await WeChatClient.ReadJsonAsync<StableTokenResponse>(response, ct);
        if (body.ErrCode != 0 || string.IsNullOrEmpty(body.AccessToken))
        {
            throw new WeChatException(
                body.ErrCode == 0 ? WeChatFailure.Other : WeChatErrors.Classify(body.ErrCode) is WeChatFailure.Other ? WeChatFailure.Credentials : WeChatErrors.Classify(body.ErrCode),
                body.ErrCode,
                body.ErrMsg ?? "no access_token in stable_token response");
        }

        _current = (body.AccessToken, clock.GetUtcNow().AddSeconds(body.ExpiresIn > 0 ? body.ExpiresIn : 7200));
        return body.AccessToken;
    }

    private sealed record StableTokenRequest(
        [property: JsonPropertyName("grant_type")] string GrantType,
        [property: JsonPropertyName("appid")] string AppId,
        [property: JsonPropertyName("secret")] string Secret,
        [property: JsonPropertyName("force_refresh")] bool ForceRefresh);

    private sealed record StableTokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("errcode")] int ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}
