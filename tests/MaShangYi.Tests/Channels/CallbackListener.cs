using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MaShangYi.Tests.Channels;

/// <summary>One callback the channel's fake server received.</summary>
public sealed record ReceivedCallback(IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A channel's callback receiver on loopback (a small Kestrel app on 127.0.0.1:0): answers each POST with the next
/// scripted status (200 when the script is empty) and records headers and body.
/// </summary>
public sealed class CallbackListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentQueue<ReceivedCallback> _received = new();
    private readonly WebApplication _app;

    private CallbackListener(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedCallback> Received => _received.ToList();

    public static async Task<CallbackListener> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new CallbackListener(app);
        app.Run(listener.HandleAsync);
        await app.StartAsync();
        listener.Url = app.Urls.Single() + "/mashangyi/status";
        return listener;
    }

    /// <summary>The next answers, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
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
        _received.Enqueue(new ReceivedCallback(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : 200;
    }
}
