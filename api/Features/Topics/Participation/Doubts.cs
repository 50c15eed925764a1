using System.Globalization;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// 解疑释惑: a doubt (a published comment of stance doubt) is answered once an official answer has been written to it. The
/// one definition of "unanswered" the topic's state, its detail, the due list and the board all read.
/// </summary>
public static class Doubts
{
    /// <summary>Over a topic_comments row aliased <c>c</c>: a published doubt.</summary>
    public const string Published = "c.stance = 'doubt' AND c.moderation = 'visible'";

    /// <summary>Over a topic_comments row aliased <c>c</c>: a published doubt still without an answer.</summary>
    public const string Unanswered = Published + " AND c.answered_at IS NULL";

    /// <summary>The topic's unanswered doubts, as a column of a query over topics aliased <c>t</c> (index (topic_id, stance, answered_at)).</summary>
    public const string UnansweredOfTopic = $"(SELECT COUNT(*) FROM topic_comments c WHERE c.topic_id = t.id AND {Unanswered})";

    /// <summary>The topic's answered published doubts, as a column of a query over topics aliased <c>t</c>.</summary>
    public const string AnsweredOfTopic = $"(SELECT COUNT(*) FROM topic_comments c WHERE c.topic_id = t.id AND {Published} AND c.answered_at IS NOT NULL)";

    /// <summary>Why an action with unanswered doubts was refused.</summary>
    public static string Refusal(int count, string actionName) => string.Create(CultureInfo.InvariantCulture,
        $"还有 {count} 条居民的疑问没有答复。请先在意见下作出官方答复；如确需继续“{actionName}”，请确认后再提交，时间线上会记下。");

    /// <summary>What the timeline event of an action taken with unanswered doubts records.</summary>
    public static string ConfirmedNote(int count) => string.Create(CultureInfo.InvariantCulture, $"尚有 {count} 条疑问未答复，经确认继续");
}
