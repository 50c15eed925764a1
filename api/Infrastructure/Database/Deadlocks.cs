using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// InnoDB picks a victim when two transactions wait on each other and rolls it back whole: the documented answer is to
/// run it again. Submissions and staff actions of one city meet on the same rollup rows (the city's day, its month), so
/// under load a few collide; each is run again a few times before the caller is told to retry (503).
/// </summary>
public static class Deadlocks
{
    private const int Attempts = 4;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                return await attempt();
            }
            catch (MySqlException ex) when (tried < Attempts && ex.ErrorCode is MySqlErrorCode.LockDeadlock)
            {
                // A short random pause, so the two do not meet again at once.
                await Task.Delay(Random.Shared.Next(2, 10 * tried), ct);
            }
        }
    }
}
