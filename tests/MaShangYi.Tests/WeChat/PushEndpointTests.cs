using System.Net;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace MaShangYi.Tests.WeChat;

/// <summary>GET/POST /api/wechat/push with a push Token, an EncodingAESKey and a stand-in for the photos' verdicts.</summary>
public sealed class PushEndpointTests : ApiTest
{
    private const string AppId = "wx-push-test";
    private const string Token = "pushToken123";
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private readonly RecordingMediaCheckVerdicts _verdicts = new();
    private readonly WeChatPusher _pusher = new(Token, Key, AppId);
    private WebApplicationFactory<Program> _api = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartApi()
    {
        _api = Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("WeChat:AppId", AppId);
            builder.UseSetting("WeChat:PushToken", Token);
            builder.UseSetting("WeChat:PushEncodingAesKey", Key);
            builder.ConfigureTestServices(services => services.AddSingleton<IMediaCheckVerdicts>(_verdicts));
        });
        _client = _api.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopApiAsync() => await _api.DisposeAsync();

    [SetUp]
    public void ClearVerdicts() => _verdicts.Clear();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await _client.SendAsync(request);
        }
    }

    private static async Task AssertSuccessAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("success"));
    }

    [Test]
    public async Task TheVerificationGetEchoesEchostrWhenTheSignatureIsRight()
    {
        var signature = PushCrypto.Signature(Token, "1714036504", "1514711492");

        var response = await _client.GetAsync($"/api/wechat/push?signature={signature}&timestamp=1714036504&nonce=1514711492&echostr=7301845260943271459");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("7301845260943271459"));
    }

    [Test]
    public async Task TheVerificationGetWithAWrongSignatureIs403AndEchoesNothing()
    {
        var signature = PushCrypto.Signature("otherToken", "1714036504", "1514711492");

        var response = await _client.GetAsync($"/api/wechat/push?signature={signature}&timestamp=1714036504&nonce=1514711492&echostr=7301845260943271459");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden, "push_signature_invalid");
        Assert.That(problem.ToJsonString(), Does.Not.Contain("7301845260943271459"));
    }

    [Test]
    public async Task TheVerificationGetWithoutItsParametersIs401() =>
        await AssertProblemAsync(await _client.GetAsync("/api/wechat/push?echostr=1"), HttpStatusCode.Unauthorized, "push_signature_missing");

    [Test]
    public async Task WithoutAPushTokenConfiguredEveryPushIsRefused()
    {
        var signature = PushCrypto.Signature("", "1714036504", "1514711492");
        await AssertProblemAsync(
            await Anonymous.GetAsync($"/api/wechat/push?signature={signature}&timestamp=1714036504&nonce=1514711492&echostr=1"), HttpStatusCode.Forbidden, "push_not_configured");
        using var push = _pusher.Plain(_pusher.MediaCheck("trace-x", "pass", 100));
        await AssertProblemAsync(await Anonymous.SendAsync(push), HttpStatusCode.Forbidden, "push_not_configured");
    }

    [TestCase(false, "risky", ContentVerdict.Risky, 20002)]
    [TestCase(true, "review", ContentVerdict.Review, 20012)]
    [TestCase(false, "pass", ContentVerdict.Pass, 100)]
    public async Task APlainModeVerdictReachesThePhotos(bool xml, string suggest, ContentVerdict expected, int label)
    {
        var response = await SendAsync(_pusher.Plain(_pusher.MediaCheck("trace-plain", suggest, label, xml)));

        await AssertSuccessAsync(response);
        Assert.That(_verdicts.All, Is.EqualTo(new[] { new RecordingMediaCheckVerdicts.Applied("trace-plain", expected, label) }));
    }

    [Test]
    public async Task APlainModePushWithAWrongSignatureIs403AndAppliesNothing()
    {
        var response = await SendAsync(_pusher.Plain(_pusher.MediaCheck("trace-forged", "pass", 100), signature: new string('0', 40)));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "push_signature_invalid");
        Assert.That(_verdicts.All, Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ASafeModeVerdictIsDecryptedAndReachesThePhotos(bool xml)
    {
        var response = await SendAsync(_pusher.Safe(_pusher.MediaCheck("trace-safe", "risky", 20001, xml), xml));

        await AssertSuccessAsync(response);
        Assert.That(_verdicts.All, Is.EqualTo(new[] { new RecordingMediaCheckVerdicts.Applied("trace-safe", ContentVerdict.Risky, 20001) }));
    }

    [Test]
    public async Task ASafeModePushWithAWrongMsgSignatureIs403AndAppliesNothing()
    {
        var response = await SendAsync(_pusher.Safe(_pusher.MediaCheck("trace-forged", "pass", 100), msgSignature: new string('a', 40)));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "push_signature_invalid");
        Assert.That(_verdicts.All, Is.Empty);
    }

    [Test]
    public async Task ASafeModePushForAnotherMiniProgramIs403AndAppliesNothing()
    {
        var theirs = new WeChatPusher(Token, Key, "wx-someone-else");
        var message = theirs.MediaCheck("trace-theirs", "pass", 100);

        var response = await SendAsync(_pusher.Safe(message, encrypted: theirs.Crypto.Encrypt(message)));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "push_wrong_appid");
        Assert.That(_verdicts.All, Is.Empty);
    }

    [Test]
    public async Task ATamperedCiphertextUnderTheOriginalSignatureIs403()
    {
        var message = _pusher.MediaCheck("trace-tampered", "pass", 100);
        var bytes = Convert.FromBase64String(_pusher.Crypto.Encrypt(message));
        bytes[20] ^= 0x40;
        using var original = _pusher.Safe(message);
        var query = original.RequestUri!.OriginalString;

        // Same query (so the same msg_signature), another Encrypt.
        using var tampered = new HttpRequestMessage(HttpMethod.Post, query)
        {
            Content = new StringContent($$"""{"ToUserName":"gh_test","Encrypt":"{{Convert.ToBase64String(bytes)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        await AssertProblemAsync(await _client.SendAsync(tampered), HttpStatusCode.Forbidden, "push_signature_invalid");
        Assert.That(_verdicts.All, Is.Empty);
    }

    [Test]
    public async Task ACiphertextTamperedAnywhereEvenWhenResignedIsNeverA500()
    {
        var message = _pusher.MediaCheck("trace-flip", "pass", 100);
        var bytes = Convert.FromBase64String(_pusher.Crypto.Encrypt(message));
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < bytes.Length; i++)
        {
            var flipped = bytes.ToArray();
            flipped[i] ^= 0x5A;
            answers.Add((await SendAsync(_pusher.Safe(message, encrypted: Convert.ToBase64String(flipped)))).StatusCode);
        }

        answers.Add((await SendAsync(_pusher.Safe(message, encrypted: Convert.ToBase64String(bytes[..^16])))).StatusCode);
        answers.Add((await SendAsync(_pusher.Safe(message, encrypted: "%%% not base64 %%%"))).StatusCode);

        Assert.That(answers, Has.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden));
        Assert.That(answers[^2..], Has.All.EqualTo(HttpStatusCode.BadRequest), "cut short or not base64: cannot be decrypted");
        Assert.That(answers[^3], Is.EqualTo(HttpStatusCode.BadRequest), "the padding is in the last block");
        Assert.That(_verdicts.All.Where(v => v.TraceId == "trace-flip" && v.Verdict != ContentVerdict.Pass), Is.Empty);
    }

    [TestCase("")]
    [TestCase("not json or xml")]
    [TestCase("<xml><Encrypt>")]
    [TestCase("<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Event>&e;</Event></xml>")]
    [TestCase("[1, 2]")]
    public async Task AnUnreadableBodyIs400NotA500(string body)
    {
        var message = _pusher.Plain("x");
        using var request = new HttpRequestMessage(HttpMethod.Post, message.RequestUri) { Content = new StringContent(body) };
        message.Dispose();

        await AssertProblemAsync(await _client.SendAsync(request), HttpStatusCode.BadRequest, "push_malformed");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task OtherEventsAreAnsweredSuccessAndIgnored(bool safe)
    {
        var message = _pusher.MediaCheck("trace-other", "risky", 20001, eventName: "user_authorization_revoke");

        await AssertSuccessAsync(await SendAsync(safe ? _pusher.Safe(message) : _pusher.Plain(message)));
        Assert.That(_verdicts.All, Is.Empty);
    }

    [Test]
    public async Task AVerdictWithAnUnknownSuggestIsAnsweredSuccessAndLeftForModeration()
    {
        await AssertSuccessAsync(await SendAsync(_pusher.Safe(_pusher.MediaCheck("trace-odd", "maybe", 0))));

        Assert.That(_verdicts.All, Is.Empty);
    }
}
