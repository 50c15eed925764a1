using Dapper;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The rows behind a topic detail's sections (timeline, reports, meetings, tasks, this round's evaluations) change
/// only together with topics.sections_rev: every write to a section table bumps it in its own transaction.
/// </summary>
public sealed class TopicSections
{
    /// <summary>Goes in the UPDATE topics of every transaction that writes a section table (see <see cref="BumpAsync"/>).</summary>
    public const string Bump = "sections_rev = sections_rev + 1";

    /// <summary>Marks a topic's sections changed, inside the transaction that changes them, when no UPDATE topics is made anyway.</summary>
    public static Task BumpAsync(MySqlConnection connection, MySqlTransaction tx, long topicId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition($"UPDATE topics SET {Bump} WHERE id = @topicId", new { topicId }, tx, cancellationToken: ct));
}
