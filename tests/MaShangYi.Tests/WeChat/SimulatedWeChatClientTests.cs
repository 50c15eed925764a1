using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Logging.Abstractions;

namespace MaShangYi.Tests.WeChat;

public sealed class SimulatedWeChatClientTests
{
    private static readonly Microsoft.Extensions.Options.IOptions<WeChatOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new WeChatOptions());

    private readonly SimulatedWeChatClient _client = new(Options, new SimulatedMediaChecks(Options), NullLogger<SimulatedWeChatClient>.Instance);

    [Test]
    public async Task TheSameCodeAlwaysMapsToTheSameOpenIdAndDifferentCodesToDifferentOnes()
    {
        var first = await _client.Code2SessionAsync("code-a", CancellationToken.None);
        var again = await _client.Code2SessionAsync("code-a", CancellationToken.None);
        var other = await _client.Code2SessionAsync("code-b", CancellationToken.None);

        Assert.That(again.OpenId, Is.EqualTo(first.OpenId));
        Assert.That(other.OpenId, Is.Not.EqualTo(first.OpenId));
        Assert.That(first.OpenId, Is.EqualTo(SimulatedWeChatClient.OpenIdFor("code-a")).And.StartsWith("sim_"));
    }

    [TestCase(SimulatedWeChatClient.InvalidCode, WeChatFailure.InvalidCode, 40029)]
    [TestCase(SimulatedWeChatClient.RateLimitedCode, WeChatFailure.RateLimited, 45011)]
    [TestCase(SimulatedWeChatClient.BusyCode, WeChatFailure.Busy, -1)]
    public void AReservedCodeThrowsTheMatchingFailure(string code, WeChatFailure expected, int errCode)
    {
        var ex = Assert.ThrowsAsync<WeChatException>(async () => await _client.Code2SessionAsync(code, CancellationToken.None))!;

        Assert.That(ex.Failure, Is.EqualTo(expected));
        Assert.That(ex.ErrCode, Is.EqualTo(errCode));
    }

    [TestCase("小区路灯坏了", ContentVerdict.Pass)]
    [TestCase("这里有测试待审词", ContentVerdict.Review)]
    [TestCase("这里有测试违规词", ContentVerdict.Risky)]
    public async Task TheConfiguredTestWordsDecideTheVerdict(string content, ContentVerdict expected)
    {
        var result = await _client.CheckTextAsync(new TextCheckRequest("sim_user", content, TextCheckScene.Comment), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(expected));
    }

    [Test]
    public async Task TheCodeImageIsAPng()
    {
        var image = await _client.GetUnlimitedWxaCodeAsync(new WxaCodeRequest("r=ABC123", "pages/room/index", "release"), CancellationToken.None);

        Assert.That(image.ContentType, Is.EqualTo("image/png"));
        Assert.That(image.Bytes[..4], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }
}
