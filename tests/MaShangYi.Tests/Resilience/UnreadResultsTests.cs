using System.Net;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// A multi-result read that stops early (a room or scene that does not exist) must not cancel its command: Dapper's own
/// grid, disposed with results unread, cancelled it, and MySqlConnector cancels with a <c>KILL QUERY</c> from a second
/// connection. On the service that left one such detail in a thousand waiting forever for a result the server never
/// sent (docs/benchmarks.md, *A read that waited forever*). <c>MultipleResults</c>' grid reads what is left instead. The
/// server counts every KILL it runs.
/// </summary>
public sealed class UnreadResultsTests : TopicTest
{
    private static Task<long> KillsAsync() =>
        ScalarAsync<long>("SELECT CAST(VARIABLE_VALUE AS SIGNED) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_KILL'");

    [Test]
    public async Task WhatDoesNotExistIsAnswered404WithoutCancellingTheDatabaseRead()
    {
        var topic = (long)(await SubmitAsync())["id"]!;
        var before = await KillsAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.That((await Anonymous.GetAsync($"/api/topics/{topic + 1000 + i}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await Anonymous.GetAsync($"/api/topics/{topic}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a topic under review, to a stranger");
            Assert.That((await Anonymous.GetAsync("/api/landing?scene=ZZZZZZZ" + i)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await Anonymous.GetAsync($"/api/rooms/{RoomId + 1000 + i}/similar-topics?title=路灯")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        Assert.That(await KillsAsync() - before, Is.Zero);
        Assert.That((await Anonymous.GetAsync($"/api/rooms/{RoomId}/similar-topics?title=路灯")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
