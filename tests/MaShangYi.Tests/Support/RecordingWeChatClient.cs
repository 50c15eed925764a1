using System.Collections.Concurrent;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.Support;

/// <summary>The simulated WeChat client, counting calls and able to fail the next ones on demand.</summary>
public sealed class RecordingWeChatClient(SimulatedWeChatClient inner) : IWeChatClient
{
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Every subscribe message asked for, in order (also those that failed).</summary>
    public ConcurrentQueue<SubscribeMessage> Messages { get; } = new();

    /// <summary>Every code image asked for, in order: which scene, opening which page.</summary>
    public ConcurrentQueue<WxaCodeRequest> CodeRequests { get; } = new();

    /// <summary>When set, runs inside each subscribe message's call, as WeChat receives it.</summary>
    public Func<SubscribeMessage, Task>? OnSend { get; set; }

    /// <summary>When set, every call throws this until cleared.</summary>
    public WeChatException? FailWith { get; set; }

    public int CallsTo(string api) => Calls.GetValueOrDefault(api);

    public void Reset()
    {
        Calls.Clear();
        Messages.Clear();
        CodeRequests.Clear();
        FailWith = null;
        OnSend = null;
    }

    public Task<WeChatSession> Code2SessionAsync(string jsCode, CancellationToken ct) =>
        Record(nameof(Code2SessionAsync), () => inner.Code2SessionAsync(jsCode, ct));

    public Task<WxaCodeImage> GetUnlimitedWxaCodeAsync(WxaCodeRequest request, CancellationToken ct)
    {
        CodeRequests.Enqueue(request);
        return Record(nameof(GetUnlimitedWxaCodeAsync), () => inner.GetUnlimitedWxaCodeAsync(request, ct));
    }

    public Task<TextCheckResult> CheckTextAsync(TextCheckRequest request, CancellationToken ct) =>
        Record(nameof(CheckTextAsync), () => inner.CheckTextAsync(request, ct));

    public Task<MediaCheckTicket> StartMediaCheckAsync(MediaCheckRequest request, CancellationToken ct) =>
        Record(nameof(StartMediaCheckAsync), () => inner.StartMediaCheckAsync(request, ct));

    public Task SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct)
    {
        Messages.Enqueue(message);
        return Record(nameof(SendSubscribeMessageAsync), async () =>
        {
            if (OnSend is { } onSend)
            {
                await onSend(message);
            }

            await inner.SendSubscribeMessageAsync(message, ct);
            return true;
        });
    }

    private Task<T> Record<T>(string api, Func<Task<T>> call)
    {
        Calls.AddOrUpdate(api, 1, (_, n) => n + 1);
        return FailWith is { } failure ? Task.FromException<T>(failure) : call();
    }
}
