using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Tests.Support;
using MySqlConnector;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// A change's script reads its results through a grid that Dapper prepared the command for (parameters, lists expanded)
/// but whose identity carries no parameter type: Dapper's own grid of a command kept out of its cache emitted a
/// parameter reader per result read, and cancelled the command (a <c>KILL QUERY</c>) when a result was left unread.
/// </summary>
public sealed class ScriptResultsTests : ApiTest
{
    private static Task<long> KillsAsync() =>
        ScalarAsync<long>("SELECT CAST(VARIABLE_VALUE AS SIGNED) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_KILL'");

    private sealed record Pair(long Id, string Label);

    [Test]
    public async Task AScriptReadsRowsOfTheStatementsQueuedAheadAndLeavesNoKillWhenItStopsEarly()
    {
        var before = await KillsAsync();
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE TEMPORARY TABLE script_rows (id BIGINT PRIMARY KEY, label VARCHAR(20) NOT NULL)");

        for (var round = 0; round < 3; round++)
        {
            var script = new ChangeScript(connection, null, CancellationToken.None)
                .Add("INSERT INTO script_rows (id, label) VALUES (@id, @label)", new { id = 10 * round + 1, label = "一" })
                .Add("INSERT INTO script_rows (id, label) VALUES (@id, @label)", new { id = 10 * round + 2, label = "二" });
            // The first result is read; the second is left unread, as a change that returns early would.
            var rows = await script.QueryAsync(
                "SELECT id, label FROM script_rows WHERE id IN @ids ORDER BY id; SELECT COUNT(*) FROM script_rows",
                new { ids = new[] { 10 * round + 1, 10 * round + 2 } },
                async read => (await read.ReadAsync<Pair>()).ToList());

            Assert.That(rows, Is.EqualTo(new[] { new Pair(10 * round + 1, "一"), new Pair(10 * round + 2, "二") }));
        }

        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM script_rows"), Is.EqualTo(6), "the connection is usable after a script left a result unread");
        Assert.That(await KillsAsync() - before, Is.Zero);
    }
}
