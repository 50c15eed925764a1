using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Everything an action's own writes need: the open transaction, the topic as it was, the caller and the time. The
/// action's writes (<see cref="ExecuteAsync"/>) are queued on the change's <see cref="Script"/> and sent with its next
/// read (<see cref="ScalarAsync{T}"/>) or with the timeline event and the observers' writes; a read made on
/// <see cref="Connection"/> directly does not see them until <see cref="FlushAsync"/>.
/// </summary>
public sealed record ActionContext(ChangeScript Script, TopicState Topic, Caller Caller, DateTime Now)
{
    public MySqlConnection Connection => Script.Connection;

    public MySqlTransaction Transaction => Script.Transaction!;

    public CancellationToken Ct => Script.Ct;

    /// <summary>The note of the action's timeline event; an action may set it once it knows what it did.</summary>
    public string? Note { get; set; }

    /// <summary>
    /// The topic's counted facts as the action leaves them (the status aside: the action's own). An action changes them
    /// through <see cref="Reviewed"/> and <see cref="Classified"/>, never in its own SQL: the store writes them to the
    /// topic row and the statistics add their difference, from the same values.
    /// </summary>
    public required CountedFacts Counted { get; set; }

    /// <summary>The first review decision (accept, reject, refer, merge), made now; <paramref name="categoryId"/> sets or corrects the category.</summary>
    public void Reviewed(long? categoryId = null) => Counted = Counted with { ReviewedAt = Now, CategoryId = categoryId ?? Counted.CategoryId };

    /// <summary>The A/B/C classification.</summary>
    public void Classified(string classification) => Counted = Counted with { Classification = classification };

    /// <summary>
    /// Queues a write of the action (its parameter names must not clash with other statements of the change). A statement
    /// run once per element of a list of arguments is sent at once, after what is queued.
    /// </summary>
    public async Task ExecuteAsync(string sql, object? args = null)
    {
        if (args is System.Collections.IEnumerable and not string)
        {
            await Script.ExecuteAsync();
            await Connection.ExecuteAsync(new CommandDefinition(sql, args, Transaction, cancellationToken: Ct));
            return;
        }

        Script.Add(sql, args);
    }

    /// <summary>Sends the queued writes and reads one value after them, in one round trip.</summary>
    public Task<T?> ScalarAsync<T>(string sql, object? args = null) =>
        Script.QueryAsync(sql, args, read => read.ReadSingleOrDefaultAsync<T?>());

    public Task FlushAsync() => Script.ExecuteAsync();
}
