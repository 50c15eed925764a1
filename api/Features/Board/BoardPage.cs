using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Board;

/// <summary>Who the board is for: a room or a region, with the lines shown above the items; <c>Hint</c>, a line on how to go on (e.g. scan in WeChat).</summary>
public sealed record BoardHeader(string Name, string Kind, IReadOnlyList<string> RegionPath, IReadOnlyList<string> Lines, string? Notice, bool ShowRoomNames, string? Hint = null);

/// <summary>
/// Renders a board as one small HTML document. Every value from the database goes through <see cref="Encode"/>;
/// the encoder leaves Chinese as it is (the page stays small) and escapes what HTML gives meaning to.
/// </summary>
public static class BoardPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly HashSet<string> InDiscussion =
        [TopicStatus.Announced, TopicStatus.Researching, TopicStatus.Reopened, TopicStatus.MeetingScheduled, TopicStatus.Deliberated];

    private static readonly HashSet<string> WithResolution = [TopicStatus.ResolutionPublished, TopicStatus.Implementing, TopicStatus.Completed];

    /// <summary>How often the television mode reloads the page.</summary>
    public const int TvRefreshSeconds = 300;

    public static string Encode(string? value) => Encoder.Encode(value ?? "");

    public static string Render(BoardHeader header, BoardData data, bool tv, DateOnly today, DateTimeOffset nowBeijing)
    {
        var discussed = data.Topics.Where(t => InDiscussion.Contains(t.Status)).ToList();
        var resolved = data.Topics.Where(t => WithResolution.Contains(t.Status) && t.ResolutionText is not null).ToList();
        var closed = data.Topics.Where(t => t.Status == TopicStatus.Closed).ToList();
        var late = data.Tasks.Count(t => IsLate(t, today));

        var html = new StringBuilder(16 * 1024);
        // A room's name already ends in 议事室: name and kind side by side, not run together.
        Open(html, $"{header.Name} · {header.Kind}", tv);
        html.Append("<header><p class=\"kind\">").Append(Encode(header.Kind)).Append("</p><h1>").Append(Encode(header.Name)).Append("</h1>");
        if (header.RegionPath.Count > 0)
        {
            html.Append("<p class=\"path\">所属区域：").Append(Encode(string.Join(" › ", header.RegionPath))).Append("</p>");
        }

        foreach (var line in header.Lines)
        {
            html.Append("<p class=\"addr\">").Append(Encode(line)).Append("</p>");
        }

        html.Append("<p class=\"stamp\">更新于 ").Append(nowBeijing.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)).Append("</p>");
        if (header.Notice is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(Encode(header.Notice)).Append("</p>");
        }

        if (header.Hint is not null)
        {
            html.Append("<p class=\"hint\" id=\"scan-hint\" role=\"note\">").Append(Encode(header.Hint)).Append("</p>");
        }

        html.Append("</header><main>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"totals\">听取意见和协商中 {discussed.Count} 项 · 已商定 {resolved.Count} 项 · 落实任务 {data.Tasks.Count} 项");
        html.Append(late > 0 ? $"（其中已逾期 {late} 项）" : "").Append(CultureInfo.InvariantCulture, $" · 近期办完 {closed.Count} 项</p>");

        Section(html, "discussed", "听取意见和协商中的问题", discussed, t => Discussed(html, t, header.ShowRoomNames));
        var photos = (data.Photos ?? []).ToLookup(p => p.TopicId);
        Section(html, "resolutions", "协商结果", resolved, t => Resolution(html, t, header.ShowRoomNames, photos[t.Id]));
        Section(html, "tasks", "落实进展", data.Tasks, t => Task(html, t, today, header.ShowRoomNames), Explained.Implementation);
        Section(html, "closed", $"近期办完（{(int)BoardQueries.ClosedShownFor.TotalDays} 天内）", closed, t => Closed(html, t, header.ShowRoomNames, photos[t.Id]));
        if (data.Truncated)
        {
            html.Append("<p class=\"empty\">本页只列出最近有进展的问题，更多内容请用微信扫描议事室的小程序码查看。</p>");
        }

        html.Append("</main><footer>用微信扫描议事室的小程序码，可以提出问题、发表意见、报名参加协商会议，凭查询号查看办理进展。本页不公开任何居民的个人信息。</footer></body></html>");
        return html.ToString();
    }

    public static string NotFound(string message, string title = "没有找到公开栏", string advice = "请核对网址，或扫描议事室张贴的小程序码。")
    {
        var html = new StringBuilder(4 * 1024);
        Open(html, title, tv: false);
        html.Append("<header><p class=\"kind\">码上议</p><h1>").Append(Encode(title)).Append("</h1></header><main><p class=\"notice\">")
            .Append(Encode(message))
            .Append("</p><p>").Append(Encode(advice)).Append("</p></main></body></html>");
        return html.ToString();
    }

    private static void Open(StringBuilder html, string title, bool tv)
    {
        // The television class sits on <html> so that every rem grows with it.
        html.Append(tv ? "<!DOCTYPE html><html lang=\"zh-CN\" class=\"tv\">" : "<!DOCTYPE html><html lang=\"zh-CN\">").Append("<head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\">");
        if (tv)
        {
            html.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{TvRefreshSeconds}\">");
        }

        html.Append("<title>").Append(Encode(title)).Append("</title><style>").Append(BoardStyles.Css).Append("</style></head>")
            .Append("<body>");
    }

    private static void Section<T>(StringBuilder html, string id, string heading, IReadOnlyList<T> items, Action<T> item, string? explanation = null)
    {
        html.Append("<section id=\"").Append(id).Append("\" aria-labelledby=\"h-").Append(id).Append("\"><h2 id=\"h-").Append(id).Append("\">")
            .Append(Encode(heading)).Append("</h2>");
        if (explanation is not null)
        {
            html.Append("<p class=\"explain\">").Append(Encode(explanation)).Append("</p>");
        }

        if (items.Count == 0)
        {
            html.Append("<p class=\"empty\">暂无</p></section>");
            return;
        }

        html.Append("<ol>");
        foreach (var t in items)
        {
            item(t);
        }

        html.Append("</ol></section>");
    }

    private static void Discussed(StringBuilder html, BoardTopic t, bool showRoom)
    {
        Title(html, t.Title);
        html.Append("<p class=\"meta\"><span class=\"status\">").Append(Encode(TopicStatus.Name(t.Status))).Append("</span><span>类别：")
            .Append(Encode(t.CategoryName)).Append("</span>");
        if (t.AnnouncementEndsOn is { } ends)
        {
            html.Append("<span>听取意见到：").Append(Date(ends)).Append("</span>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<span>支持 {t.SupportCount}</span><span>意见 {t.CommentCount}</span>");
        if (t.AnsweredDoubts > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"answered\">已答复疑问 {t.AnsweredDoubts}</span>");
        }

        Room(html, t.RoomName, t.RoomScene, showRoom);
        html.Append("</p></li>");
    }

    private static void Resolution(StringBuilder html, BoardTopic t, bool showRoom, IEnumerable<BoardPhoto> photos)
    {
        Title(html, t.Title);
        html.Append("<p class=\"meta\"><span class=\"status\">").Append(Encode(TopicStatus.Name(t.Status))).Append("</span>");
        if (t.ResolutionDeadline is { } deadline)
        {
            html.Append("<span>要求办完：").Append(Date(deadline)).Append("</span>");
        }

        Room(html, t.RoomName, t.RoomScene, showRoom);
        html.Append("</p><p class=\"text\">协商结果：").Append(Encode(t.ResolutionText)).Append("</p>");
        if (t.Status == TopicStatus.Completed)
        {
            Photos(html, photos);
        }

        html.Append("</li>");
    }

    /// <summary>Up to three thumbnails before (the proposer's) and three after (progress and result); only passed photos of public topics are read.</summary>
    private static void Photos(StringBuilder html, IEnumerable<BoardPhoto> photos)
    {
        var all = photos.ToList();
        foreach (var (label, group) in new[] { ("办理前", all.Where(p => p.IsBefore)), ("办理后", all.Where(p => !p.IsBefore)) })
        {
            var shown = group.Take(3).ToList();
            if (shown.Count == 0)
            {
                continue;
            }

            html.Append("<p class=\"photos\"><span>").Append(label).Append("</span>");
            foreach (var photo in shown)
            {
                html.Append("<img src=\"/api/photos/").Append(Encode(photo.PublicKey)).Append("/thumb.jpg\" alt=\"").Append(label).Append("照片\" loading=\"lazy\" width=\"96\" height=\"96\">");
            }

            html.Append("</p>");
        }
    }

    private static void Task(StringBuilder html, BoardTask t, DateOnly today, bool showRoom)
    {
        var due = DateOnly.FromDateTime(t.DueOn);
        Title(html, t.Title);
        html.Append("<p class=\"meta\"><span>问题：").Append(Encode(t.TopicTitle)).Append("</span>");
        if (showRoom)
        {
            html.Append("<span>议事室：").Append(Encode(t.RoomName)).Append("</span>");
        }

        html.Append("</p><p class=\"meta\"><span>责任单位：").Append(Encode(t.Unit)).Append("</span><span>负责人：").Append(Encode(t.LeadPerson))
            .Append("</span><span>完成期限：").Append(Date(t.DueOn)).Append("</span></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\"><span>进度 {t.Progress}%</span>");
        if (t.Progress >= 100)
        {
            html.Append("<span class=\"done\">✓ 已办完</span>");
        }
        else if (IsLate(t, today))
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"late\">⚠ 已逾期 {today.DayNumber - due.DayNumber} 天</span>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</p><progress max=\"100\" value=\"{t.Progress}\" aria-label=\"进度 {t.Progress}%\"></progress></li>");
    }

    private static void Closed(StringBuilder html, BoardTopic t, bool showRoom, IEnumerable<BoardPhoto> photos)
    {
        Title(html, t.Title);
        html.Append("<p class=\"meta\"><span class=\"status\">").Append(Encode(t.Classification is { } c ? Classes.Name(c) : TopicStatus.Name(TopicStatus.Closed))).Append("</span><span>类别：")
            .Append(Encode(t.CategoryName)).Append("</span><span>办完：").Append(Date(Infrastructure.Time.LocalDate.Of(t.UpdatedAt))).Append("</span>");
        Room(html, t.RoomName, t.RoomScene, showRoom);
        html.Append("</p>");
        if (t.ResultText is not null)
        {
            html.Append("<p class=\"text\">办理结果：").Append(Encode(t.ResultText)).Append("</p>");
        }

        if (t.ClassNote is not null)
        {
            html.Append("<p class=\"text\">说明：").Append(Encode(t.ClassNote)).Append("</p>");
        }

        Photos(html, photos);
        html.Append("</li>");
    }

    private static void Title(StringBuilder html, string title) => html.Append("<li><h3>").Append(Encode(title)).Append("</h3>");

    private static void Room(StringBuilder html, string name, string scene, bool showRoom)
    {
        if (showRoom)
        {
            html.Append("<span class=\"room\">议事室：<a href=\"/board/rooms/").Append(Encode(scene)).Append("\">").Append(Encode(name)).Append("</a></span>");
        }
    }

    private static bool IsLate(BoardTask t, DateOnly today) => t.Progress < 100 && DateOnly.FromDateTime(t.DueOn) < today;

    private static string Date(DateTime date) => Date(DateOnly.FromDateTime(date));

    private static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
