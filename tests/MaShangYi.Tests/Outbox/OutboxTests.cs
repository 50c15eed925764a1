using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Tests.Support;
using MySqlConnector;

namespace MaShangYi.Tests.Outbox;

public sealed class OutboxTests : ApiTest
{
    private static async Task<long> EnqueueAsync(string? dedupeKey = null, bool commit = true)
    {
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await MaShangYi.Api.Infrastructure.Outbox.Outbox.EnqueueAsync(connection, tx, "test", new { hello = "你好" }, Api.Clock.GetUtcNow().UtcDateTime, dedupeKey);
        if (commit)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
        }

        return await ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM outbox");
    }

    private static async Task<int> RunOnceAsync()
    {
        using var scope = Api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
    }

    private static Task<string> StatusAsync(long id) => ScalarAsync<string>("SELECT status FROM outbox WHERE id = @id", new { id });

    [Test]
    public async Task AnItemExistsOnlyIfItsTransactionCommitted()
    {
        await EnqueueAsync(commit: false);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM outbox"), Is.Zero);

        var id = await EnqueueAsync();
        Assert.That(await StatusAsync(id), Is.EqualTo("pending"));
    }

    [Test]
    public async Task ASentItemIsNeverSentAgain()
    {
        var id = await EnqueueAsync();

        Assert.That(await RunOnceAsync(), Is.EqualTo(1));
        Assert.That(await RunOnceAsync(), Is.Zero);

        Assert.That(TestOutboxHandler.Handled, Is.EqualTo(new[] { id }));
        Assert.That(await StatusAsync(id), Is.EqualTo("sent"));
    }

    [Test]
    public async Task TheSameDedupeKeyIsEnqueuedOnce()
    {
        await EnqueueAsync("reminder:task:7");
        await EnqueueAsync("reminder:task:7");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM outbox"), Is.EqualTo(1));
    }

    [Test]
    public async Task TwoWorkersTogetherSendEveryItemExactlyOnce()
    {
        for (var i = 0; i < 40; i++)
        {
            await EnqueueAsync();
        }

        TestOutboxHandler.SendTime = TimeSpan.FromMilliseconds(5);
        var handled = 0;
        while (true)
        {
            var counts = await Task.WhenAll(RunOnceAsync(), RunOnceAsync());
            handled += counts.Sum();
            if (counts.Sum() == 0)
            {
                break;
            }
        }

        Assert.That(handled, Is.EqualTo(40));
        Assert.That(TestOutboxHandler.Handled.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "no item sent twice");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), Is.EqualTo(40));
    }

    [Test]
    public async Task ATransientFailureIsRetriedWithBackoffAndGivenUpAfterTheLastAttempt()
    {
        var id = await EnqueueAsync();
        for (var i = 0; i < 10; i++)
        {
            TestOutboxHandler.Script.Enqueue(OutboxResult.Retry("WeChat busy"));
        }

        await RunOnceAsync();
        Assert.That(await StatusAsync(id), Is.EqualTo("pending"));
        Assert.That(await RunOnceAsync(), Is.Zero, "not before the backoff");

        Api.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(await RunOnceAsync(), Is.EqualTo(1), "after 30 s");
        Api.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(await RunOnceAsync(), Is.Zero, "the second wait is twice as long");
        Api.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await RunOnceAsync(), Is.EqualTo(1));

        for (var attempt = 4; attempt <= 8; attempt++)
        {
            Api.Clock.Advance(TimeSpan.FromHours(1));
            await RunOnceAsync();
        }

        Assert.That(await StatusAsync(id), Is.EqualTo("failed"));
        Assert.That(await ScalarAsync<int>("SELECT attempts FROM outbox WHERE id = @id", new { id }), Is.EqualTo(8));
        Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox WHERE id = @id", new { id }), Is.EqualTo("WeChat busy"));
    }

    [Test]
    public async Task ADroppedItemIsNotRetried()
    {
        var id = await EnqueueAsync();
        TestOutboxHandler.Script.Enqueue(OutboxResult.Drop("43101 user refused"));

        await RunOnceAsync();
        Api.Clock.Advance(TimeSpan.FromHours(2));
        await RunOnceAsync();

        Assert.That(await StatusAsync(id), Is.EqualTo("dropped"));
        Assert.That(TestOutboxHandler.Handled, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AnItemWhoseWorkerDiedIsTakenOverWhenTheClaimExpires()
    {
        var id = await EnqueueAsync();
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await ExecuteAsync("UPDATE outbox SET status = 'sending', claim_id = 'dead', claimed_until = @until, attempts = 1 WHERE id = @id", new { id, until = now.AddSeconds(60) });

        Assert.That(await RunOnceAsync(), Is.Zero, "still held by the other worker");
        Api.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.That(await RunOnceAsync(), Is.EqualTo(1));
        Assert.That(await StatusAsync(id), Is.EqualTo("sent"));
    }

    [Test]
    public async Task AnItemWhoseWorkerDiedMidSendIsSentAgainWhenItsKindIsAtLeastOnce()
    {
        var id = await EnqueueAsync();
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await ExecuteAsync(
            "UPDATE outbox SET status = 'sending', claim_id = 'dead', claimed_until = @until, handed_over_at = @now, attempts = 1 WHERE id = @id",
            new { id, until = now.AddSeconds(60), now });

        Api.Clock.Advance(TimeSpan.FromSeconds(61));
        await RunOnceAsync();

        Assert.That(TestOutboxHandler.Handled, Is.EqualTo(new[] { id }));
        Assert.That(await StatusAsync(id), Is.EqualTo("sent"));
        Assert.That(await ScalarAsync<DateTime?>("SELECT handed_over_at FROM outbox WHERE id = @id", new { id }), Is.Null);
    }

    [Test]
    public async Task AnItemWhoseClaimRanOutBeforeItsTurnIsLeftToTheNextClaim()
    {
        var first = await EnqueueAsync();
        var second = await EnqueueAsync();
        // The first send outlasts the claim: by the second item's turn, another worker may hold it.
        TestOutboxHandler.OnHandle = _ => Api.Clock.Advance(TimeSpan.FromSeconds(61));

        await RunOnceAsync();

        Assert.That(TestOutboxHandler.Handled, Is.EqualTo(new[] { first }));
        Assert.That(await StatusAsync(second), Is.EqualTo("sending"));
        TestOutboxHandler.OnHandle = null;
        Assert.That(await RunOnceAsync(), Is.EqualTo(1), "claimed again, as its claim expired");
        Assert.That(TestOutboxHandler.Handled, Is.EqualTo(new[] { first, second }));
        Assert.That(await StatusAsync(second), Is.EqualTo("sent"));
    }

    [Test]
    public async Task AHandlerThatThrowsIsRetriedNotLost()
    {
        var id = await EnqueueAsync();
        await ExecuteAsync("UPDATE outbox SET payload = 'throw' WHERE id = @id", new { id });

        await RunOnceAsync();

        Assert.That(await StatusAsync(id), Is.EqualTo("pending"));
        Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox WHERE id = @id", new { id }), Does.Contain("handler crashed"));
    }
}
