using System.Text.Json.Serialization;

namespace MaShangYi.Api.Features.Topics;

/// <summary>One choice of a form field: the value sent and the words shown.</summary>
public sealed record FormChoice(string Value, string Label);

/// <summary>A field applies only while another field holds one of these values; otherwise it is left out of the request.</summary>
public sealed record FormCondition(string Field, IReadOnlyList<string> In);

/// <summary>
/// One field of a staff action's form. Key is the request body's property (camelCase), so the API's field
/// errors land beside it. Kind: text, textarea, number, date, datetime, choice, multi, rows or photos (ids of uploaded
/// photos, at most Max: POST /api/photos first).
/// </summary>
public sealed record FormField(string Key, string Kind, string Label)
{
    public bool Required { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxLength { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Min { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Max { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Hint { get; init; }

    /// <summary>For a datetime: the label of its time part (Label names the date part).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TimeLabel { get; init; }

    /// <summary>The value a new form starts with; for a date, days from today ("7").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Default { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<FormChoice>? Choices { get; init; }

    /// <summary>Where the choices come from when they are not fixed: reviewCriteria, categories, roomTopics, meetings, taskMilestones (ids).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Source { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public FormCondition? When { get; init; }

    /// <summary>For rows: the fields of each row, and the words of the button that adds one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<FormField>? Columns { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AddText { get; init; }
}

/// <summary>A staff action's form: the fields in the order shown, and words around them.</summary>
public sealed record ActionForm(IReadOnlyList<FormField> Fields)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Intro { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SubmitText { get; init; }
}

/// <summary>
/// The forms of the staff actions, published by GET /api/workflow so the mini program and the console build them
/// from here. What is valid is still the validators' word; tests hold each form's required fields and lengths to them.
/// </summary>
public static class ActionForms
{
    /// <summary>Photos of the work (issue 16): before and after beside the resident's own on the topic and the board.</summary>
    private static FormField Photos(string label) =>
        new("photoIds", "photos", label) { Max = Features.Photos.PhotoAttachments.MaxPerAction, Hint = "可以不加，最多 6 张。居民在问题页上能看到。" };

    private static FormField Text(string key, string label, int max, bool required = false) => new(key, "text", label) { MaxLength = max, Required = required };

    private static FormField Textarea(string key, string label, int max, bool required = false) => new(key, "textarea", label) { MaxLength = max, Required = required };

    private static FormField Date(string key, string label, bool required = false) => new(key, "date", label) { Required = required };

    private static FormField Choice(string key, string label, IEnumerable<KeyValuePair<string, string>> choices, bool required = false) =>
        new(key, "choice", label) { Required = required, Choices = [.. choices.Select(c => new FormChoice(c.Key, c.Value))] };

    private static FormField Pick(string key, string label, string source, bool required = false) => new(key, "choice", label) { Required = required, Source = source };

    private static Dictionary<string, string> Pairs(params string[] valueLabel) =>
        Enumerable.Range(0, valueLabel.Length / 2).ToDictionary(i => valueLabel[2 * i], i => valueLabel[2 * i + 1]);

    private static readonly FormField Note = Textarea("note", "备注", 500);

    public static readonly ActionForm Accept = new([
        Date("announcementEndsOn", "公开听取意见到", required: true) with { Hint = "这段时间里居民可以发表意见、表示支持。", Default = "7" },
        Pick("categoryId", "问题类别", "categories") with { Hint = "居民没选类别时，已按本议事室最常见的类别（或“其他”）填好；不对就改一下。" },
        Note,
    ]) { SubmitText = "通过审核并公开" };

    public static readonly ActionForm Reject = new([
        Pick("criterionId", "审题标准（五议五不议）", "reviewCriteria", required: true),
        Textarea("reason", "不通过的理由", 500, required: true) with { Hint = "提出人可以看到这段理由。" },
    ]);

    public static readonly ActionForm Refer = new([
        Text("target", "转交给哪个部门或渠道", 100, required: true) with { Hint = "例如：12345 热线、区住建局。" },
        Text("reference", "工单编号", 64),
        Note,
    ]);

    public static readonly ActionForm Merge = new([
        Pick("intoTopicId", "和哪个问题一起办", "roomTopics", required: true) with { Hint = "同一议事室已通过审核的问题。" },
        Note,
    ]);

    public static readonly ActionForm Classify = new([
        Choice("class", "分类", Pairs("A", "A类：已解决", "B", "B类：持续跟踪（须填下次跟踪日期）", "C", "C类：不予办理（须说明原因）"), required: true),
        Date("nextReviewOn", "下次跟踪日期（B类必填）") with { When = new("class", ["B"]) },
        Textarea("note", "说明（C类必填，提出人可以看到）", 500),
    ]);

    public static readonly ActionForm StartResearch = new([Note]);

    public static readonly ActionForm AddReport = new([
        Text("title", "报告标题", 100, required: true),
        Textarea("body", "报告正文", 10000, required: true),
        Text("authorUnit", "撰写单位", 100, required: true),
    ]);

    public static readonly ActionForm ScheduleMeeting = new([
        Choice("mode", "会议形式", Pairs("offline", "线下", "online", "线上", "hybrid", "线上线下结合"), required: true) with { Default = "offline" },
        new FormField("startsAt", "datetime", "会议日期") { Required = true, TimeLabel = "开始时间" },
        Text("place", "会议地点（线下须填）", 200) with { When = new("mode", ["offline", "hybrid"]) },
        Text("onlineLink", "会议链接（线上须填，https:// 开头）", 300) with { When = new("mode", ["online", "hybrid"]) },
        Text("convener", "主持人（召集人）", 50, required: true),
        new FormField("capacity", "number", "居民报名名额") { Required = true, Min = 1, Max = 1000, Default = "30" },
        new FormField("participants", "rows", "邀请的参会人（一码联八方）")
        {
            AddText = "添加参会人",
            Columns = [
                Text("name", "姓名", 50, required: true),
                Choice("party", "所属方", Parties.Names, required: true),
                Choice("attendMode", "参会方式", Pairs("offline", "线下参会", "online", "线上参会"), required: true),
            ],
        },
        Note,
    ]);

    public static readonly ActionForm RecordMinutes = new([
        Pick("meetingId", "会议", "meetings", required: true),
        Textarea("minutes", "会议纪要", 10000, required: true),
    ]);

    public static readonly ActionForm PublishResolution = new([
        Textarea("text", "协商结果（决议内容）", 5000, required: true),
        Date("deadline", "要求办完的日期（落实期限）", required: true),
    ]);

    public static readonly ActionForm AddTask = new([
        Text("title", "任务内容", 100, required: true),
        Text("leadPerson", "牵头人姓名", 50, required: true),
        Text("unit", "责任单位", 100, required: true),
        Date("dueOn", "完成期限", required: true),
        new FormField("milestones", "rows", "节点")
        {
            AddText = "添加节点",
            Columns = [Text("title", "节点名称", 100, required: true), Date("dueOn", "节点日期", required: true)],
        },
    ]);

    public static readonly ActionForm UpdateProgress = new([
        new FormField("progress", "number", "完成进度（0–100，%）") { Required = true, Min = 0, Max = 100 },
        Textarea("note", "进展说明", 1000, required: true),
        new FormField("milestonesDone", "multi", "这次完成的节点") { Source = "taskMilestones" },
        Photos("现场照片"),
    ]);

    public static readonly ActionForm Complete = new([
        Textarea("result", "办理结果", 2000, required: true) with { Hint = "居民可以看到，并据此评价。" },
        Photos("办理后的照片"),
    ]);

    public static readonly ActionForm Close = new([Note]);

    public static readonly ActionForm Reopen = new([Textarea("reason", "重新协商的原因", 500, required: true)]);

    public static readonly ActionForm Escalate = new([
        Choice("kind", "转为", EscalationKinds.Names, required: true),
        Text("target", "报送对象", 100, required: true) with { Hint = "例如：区人大常委会。" },
        Text("reference", "编号", 64),
    ]);

    public static readonly ActionForm HideComment = new([
        Textarea("reason", "屏蔽理由", 200, required: true) with { Hint = "所有人都能看到这段理由。" },
    ]);

    public static readonly ActionForm AnswerComment = new([
        Textarea("text", "官方答复", 1000, required: true) with { Hint = "所有人都能看到，署名为您的单位或议事室，不显示个人姓名。再次提交即为更正，原答复留档。" },
    ]) { SubmitText = "发布答复" };

    public static readonly ActionForm ApproveComment = new([]) { Intro = "待审核的意见将对所有人公开；被举报的意见保留公开，举报视为已处理。" };
}
