using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MaShangYi.Tests.WeChat;

/// <summary>One request the fake WeChat server received.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string AccessToken => Query.GetValueOrDefault("access_token", "");
}

/// <summary>A scripted answer: writes the response, or holds it (a slow WeChat) until told or aborted.</summary>
public sealed record Reply(Func<HttpContext, Task> Write)
{
    public static Reply Json(string json, int status = 200, string contentType = "application/json; encoding=utf-8") =>
        Bytes(Encoding.UTF8.GetBytes(json), contentType, status);

    public static Reply Bytes(byte[] body, string contentType, int status = 200) => new(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    });

    public static Reply Status(int status) => new(context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    /// <summary>Never answers; the client has to give up (its timeout aborts the request).</summary>
    public static Reply Hang() => new(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

    /// <summary>Answers with <paramref name="then"/> once <paramref name="release"/> completes.</summary>
    public static Reply After(Task release, Reply then) => new(async context =>
    {
        await release.WaitAsync(context.RequestAborted);
        await then.Write(context);
    });

    /// <summary>Picks the answer per request, e.g. by the access token it carries.</summary>
    public static Reply Choose(Func<HttpRequest, Reply> choose) => new(context => choose(context.Request).Write(context));

    public static Reply Token(string token, int expiresIn = 7200) =>
        Json($$"""{"access_token":"{{token}}","expires_in":{{expiresIn}}}""");
}

/// <summary>
/// WeChat's API on loopback: a small Kestrel app answering each path from a script (answers are used in
/// order, the last one repeats) and recording every request, so tests see exactly what reached "WeChat".
/// </summary>
public sealed class FakeWeChatServer : IAsyncDisposable
{
    public const string TokenPath = "/cgi-bin/stable_token";
    public const string LoginPath = "/sns/jscode2session";
    public const string CodePath = "/wxa/getwxacodeunlimit";
    public const string TextCheckPath = "/wxa/msg_sec_check";
    public const string SubscribePath = "/cgi-bin/message/subscribe/send";
    public const string MediaCheckPath = "/wxa/media_check_async";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<Reply>> _scripts = [];
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentQueue<Task<string>> _pushes = new();
    private readonly WebApplication _app;

    private FakeWeChatServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeWeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeWeChatServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single(); // the port Kestrel picked
        return server;
    }

    /// <summary>Scripts the answers for a path, replacing any earlier script for it.</summary>
    public void On(string path, params Reply[] replies)
    {
        lock (_lock)
        {
            _scripts[path] = new Queue<Reply>(replies);
        }
    }

    /// <summary>
    /// Answers each image check with a fresh trace id and then, as WeChat does, pushes the verdict to the API's push
    /// URL in safe mode (through <paramref name="api"/>). <see cref="Pushes"/> holds the API's answers.
    /// </summary>
    public void PushMediaCheckVerdicts(HttpClient api, WeChatPusher pusher, string suggest, int label, bool xml = false) =>
        On(MediaCheckPath, new Reply(async context =>
        {
            var traceId = "trace-" + Guid.NewGuid().ToString("N");
            await Reply.Json($$"""{"errcode":0,"errmsg":"ok","trace_id":"{{traceId}}"}""").Write(context);
            context.Response.OnCompleted(() =>
            {
                _pushes.Enqueue(PushAsync(api, pusher.Safe(pusher.MediaCheck(traceId, suggest, label, xml), xml)));
                return Task.CompletedTask;
            });
        }));

    /// <summary>What the API answered to each push made so far (status and body).</summary>
    public Task<string[]> Pushes() => Task.WhenAll(_pushes);

    private static async Task<string> PushAsync(HttpClient api, HttpRequestMessage push)
    {
        using (push)
        {
            using var response = await api.SendAsync(push);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
    }

    public IReadOnlyList<ReceivedRequest> Requests(string path) => _received.Where(r => r.Path == path).ToList();

    public void Reset()
    {
        lock (_lock)
        {
            _scripts.Clear();
            _received.Clear();
            _pushes.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        _received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            path,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            body));

        await NextReply(path).Write(context);
    }

    private Reply NextReply(string path)
    {
        lock (_lock)
        {
            if (!_scripts.TryGetValue(path, out var script) || script.Count == 0)
            {
                return Reply.Json("""{"errcode":40066,"errmsg":"invalid url (no script in the fake server)"}""");
            }

            return script.Count > 1 ? script.Dequeue() : script.Peek();
        }
    }
}
