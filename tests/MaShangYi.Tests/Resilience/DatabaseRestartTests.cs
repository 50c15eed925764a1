using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// The database restarted under load: requests answer 503 at once instead of hanging, the service recovers by
/// itself, and every submission that was answered 2xx is in the database afterwards.
/// </summary>
[NonParallelizable]
public sealed class DatabaseRestartTests : TopicTest
{
    [Test]
    public async Task SubmissionsDuringARestartFailFastWith503RecoverByThemselvesAndNothingAnsweredIsLost()
    {
        if (!TestRun.Database.CanRestart)
        {
            Assert.Ignore("Needs the MariaDB the tests start themselves (not MASHANGYI_TEST_DB or a container).");
        }

        var category = await CategoryIdAsync();
        var answered = new ConcurrentBag<long>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var problems = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var sent = 0;

        async Task ResidentLoadAsync(int worker)
        {
            var client = Api.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(30); // a hang fails the test instead of stalling it
            client.DefaultRequestHeaders.Authorization = Resident.DefaultRequestHeaders.Authorization;
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
                {
                    Content = JsonContent.Create(new { title = $"第{n}件事", description = "数据库重启期间提交的问题。", categoryId = category, anonymous = true }),
                };
                request.Headers.Add("Idempotency-Key", $"restart-{worker}-{n}");
                var response = await client.SendAsync(request, CancellationToken.None);
                statuses.Add(response.StatusCode);
                if (response.IsSuccessStatusCode)
                {
                    answered.Add((await ReadJsonAsync(response))["id"]!.GetValue<long>());
                }
                else if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    problems.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(ResidentLoadAsync).ToArray();
        while (Volatile.Read(ref sent) < 40)
        {
            await Task.Delay(10);
        }

        await TestRun.Database.StopAsync();
        var before = Volatile.Read(ref sent);
        while (Volatile.Read(ref sent) < before + 40)
        {
            await Task.Delay(10); // requests keep coming while the database is down
        }

        await TestRun.Database.StartAgainAsync();
        var restarted = Volatile.Read(ref sent);
        while (Volatile.Read(ref sent) < restarted + 200 && statuses.Count(s => s == HttpStatusCode.Created) < answered.Count + 1)
        {
            await Task.Delay(10);
        }

        var createdBefore = statuses.Count(s => s == HttpStatusCode.Created);
        while (statuses.Count(s => s == HttpStatusCode.Created) < createdBefore + 20)
        {
            await Task.Delay(10); // recovered: submissions succeed again without any help
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.That(problems, Is.Empty, "only 2xx or 503 ProblemDetails: " + string.Join("\n", problems.Take(5)));
        Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.ServiceUnavailable), "the outage was seen as 503");
        var stored = await QueryAsync<long>("SELECT id FROM topics");
        Assert.That(answered.Except(stored), Is.Empty, "every submission answered 2xx is in the database");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE id NOT IN (SELECT topic_id FROM topic_events WHERE action = 'submit')"), Is.Zero,
            "no topic without its submit event: nothing half-applied");
    }
}
