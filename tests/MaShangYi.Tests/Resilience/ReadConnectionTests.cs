using System.Data;
using System.Net;
using Dapper;
using MaShangYi.Api.Infrastructure.Errors;
using MySqlConnector;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// The reads' pooled connections are not reset when opened (Reads), so one whose server went away — a restarted
/// database, a failed-over Galera node, a proxy's idle timeout — is found only when it is used. Every connection the
/// service holds is killed on the server here, as such an event leaves them: the next reads must still answer.
/// </summary>
[NonParallelizable]
public sealed class ReadConnectionTests : TopicTest
{
    [Test]
    public async Task ReadsAnswerAfterTheServerHasClosedEveryPooledConnection()
    {
        var id = await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        string[] paths =
        [
            $"/api/landing?scene={scene}", $"/api/rooms/{RoomId}/topics", $"/api/topics/{id}", $"/board/rooms/{scene}",
            $"/api/regions/{await RegionIdAsync(TownCode)}/topics",
        ];
        var client = Api.CreateClient();
        // Several at once, so the pool holds several connections: all of them die together, as in a failover.
        var first = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => paths).Select(path => client.GetAsync(path)));
        Assert.That(first.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        var killed = await KillTheServicesConnectionsAsync();
        Assert.That(killed, Is.GreaterThan(0), "the service held pooled connections");

        foreach (var path in paths)
        {
            var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {await response.Content.ReadAsStringAsync()}");
        }

        // A signed-in reader's grants are read on the same pool.
        await KillTheServicesConnectionsAsync();
        Assert.That((await Reviewer.GetAsync($"/api/topics/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AConnectionAlreadyFoundBrokenIsTheDatabaseGoneNotABug()
    {
        // As in the cluster's fault test: the node went away under a read, and the read's next step met a connection
        // MySqlConnector had already marked broken. That is a 503 with Retry-After, and a read tries once more.
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync($"KILL {await connection.ExecuteScalarAsync<long>("SELECT CONNECTION_ID()")}");
        var lost = Assert.CatchAsync(async () => await connection.ExecuteScalarAsync<int>("SELECT 1"));
        Assert.That(DatabaseFailures.IsConnectionLost(lost!), lost!.ToString());
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Broken));

        var refused = Assert.CatchAsync(async () => await connection.ExecuteScalarAsync<int>("SELECT 1"));
        Assert.That(refused, Is.InstanceOf<InvalidOperationException>(), refused!.ToString());
        Assert.That(DatabaseFailures.IsConnectionLost(refused) && DatabaseFailures.IsUnavailable(refused), refused.Message);
        Assert.That(DatabaseFailures.IsUnavailable(new InvalidOperationException("Sequence contains no elements")), Is.False, "a bug stays a 500");
    }

    /// <summary>Kills, on the server, every connection to the test database but the one doing it.</summary>
    private static async Task<int> KillTheServicesConnectionsAsync()
    {
        var ids = await QueryAsync<long>(
            "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID() AND command = 'Sleep'");
        foreach (var connection in ids)
        {
            await ExecuteAsync($"KILL {connection}");
        }

        return ids.Count;
    }
}
