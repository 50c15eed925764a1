using System.Diagnostics;
using System.Net;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics.Similar;

/// <summary>
/// The suggestion query alone on a crowded town, for docs/similar-topics.md: a town of 5,000 topics (about four times
/// a town of the 2,000,000-topic province) with the seed's status mix, asked one request at a time. Timings on a shared
/// machine are not a test of anything, so this runs only when asked:
/// <c>dotnet test tests/MaShangYi.Tests --filter "FullyQualifiedName~SimilarSpeedTests"</c> (it prints the figures and
/// the query plans).
/// </summary>
[Explicit("measures; prints figures for docs/similar-topics.md")]
public sealed class SimilarSpeedTests : TopicTest
{
    private const int TownTopics = 5000;

    private static readonly string[] Titles =
    [
        "路灯不亮，晚上出行不便", "道路坑洼急需修补", "雨水管网堵塞积水", "增设非机动车充电桩", "垃圾清运不及时", "河道漂浮物需清理", "公厕卫生条件差",
        "物业服务不到位", "电梯经常故障", "小区停车位紧张", "学校门口接送拥堵", "人行道被占用", "消防通道被堵塞", "广场舞噪音扰民", "楼上漏水邻里纠纷",
    ];

    private static readonly string[] Places = ["小区东门", "3号楼", "村委会门口", "菜市场", "小学门口", "老街", "健身广场", "河道沿线", "公交站台", "卫生服务站"];

    // The seed's final statuses (TopicPaths.Mix), rounded to whole percent.
    private static readonly (string Status, int Percent)[] Mix =
    [
        ("closed", 45), ("implementing", 12), ("rejected", 8), ("referred", 7), ("submitted", 6), ("announced", 4), ("completed", 4), ("escalated", 3),
        ("researching", 3), ("meeting_scheduled", 2), ("merged", 2), ("resolution_published", 2), ("deliberated", 1), ("reopened", 1),
    ];

    [Test]
    public async Task ASuggestionOnATownOfFiveThousandTopicsIsTimed()
    {
        var rooms = (await QueryAsync<long>("SELECT m.id FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code LIKE '320812001%'")).ToArray();
        var category = await CategoryIdAsync();
        var statuses = Mix.SelectMany(m => Enumerable.Repeat(m.Status, m.Percent)).ToArray();
        var rng = new Random(17);
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        for (var batch = 0; batch < TownTopics / 500; batch++)
        {
            var rows = Enumerable.Range(batch * 500, 500).Select(i =>
            {
                var title = Titles[rng.Next(Titles.Length)];
                var place = Places[rng.Next(Places.Length)];
                return new
                {
                    receipt = $"S-{i:D6}", room = rooms[rng.Next(rooms.Length)], title, description = $"{place}：{title}，希望有关部门尽快协调解决。",
                    category, status = statuses[rng.Next(statuses.Length)], at = now.AddDays(-rng.Next(0, 1095)),
                };
            }).ToList();
            await ExecuteAsync(
                $"""
                INSERT INTO topics (receipt_no, room_id, region_l1, region_l2, region_l3, region_l4, title, description, category_id, source, status, moderation, submitted_at, updated_at)
                SELECT @receipt, m.id, {Level(1)}, {Level(2)}, {Level(3)}, {Level(4)}, @title, @description, @category, 'resident', @status, 'visible', @at, @at
                FROM rooms m {MaShangYi.Api.Features.Rooms.RoomQueries.ChainJoins} WHERE m.id = @room
                """,
                rows);
        }

        await ExecuteAsync("ANALYZE TABLE topics");
        var client = Api.CreateClient();
        var times = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await client.GetAsync($"/api/rooms/{rooms[i % rooms.Length]}/similar-topics?title={Uri.EscapeDataString(Titles[i % Titles.Length])}&description={Uri.EscapeDataString(Places[i % Places.Length] + "的问题很久了")}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            if (i >= 50)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        TestContext.Out.WriteLine($"similar-topics over HTTP, {times.Count} requests one at a time: p50 {times[times.Count / 2]:F1} ms, p99 {times[(int)(times.Count * 0.99)]:F1} ms, max {times[^1]:F1} ms");
        TestContext.Out.WriteLine($"open candidates of the town: {await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE status IN @open AND moderation = 'visible'", new { open = TopicStatus.OpenForComment.ToArray() })}");
        var sqlTimes = new List<double>();
        var sql = ForRoomSql().Split(';', 2)[1];
        var args = new { roomId = rooms[0], open = TopicStatus.OpenForComment.ToArray() };
        for (var i = 0; i < 100; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var rows = await QueryAsync<(long Id, long RoomId, string RoomName, long? Town, string Title, string Description, string Status, int SupportCount)>(sql, args);
            sqlTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (i == 99)
            {
                var query = Similarity.ProfileOf("路灯不亮", "小区东门路灯不亮很久了");
                var best = double.MaxValue;
                for (var round = 0; round < 20; round++)
                {
                    var scoring = Stopwatch.GetTimestamp();
                    _ = rows.Select(r => Similarity.Score(query, Similarity.ProfileOf(r.Title, r.Description))).Max();
                    best = Math.Min(best, Stopwatch.GetElapsedTime(scoring).TotalMilliseconds);
                }

                TestContext.Out.WriteLine($"scoring {rows.Count} candidates (the fastest of 20 rounds): {best:F2} ms");
            }
        }

        sqlTimes.Sort();
        TestContext.Out.WriteLine($"the candidate query alone (Dapper, a pooled connection): p50 {sqlTimes[50]:F1} ms, p99 {sqlTimes[98]:F1} ms");
        var plan = await ExplainAsync(rooms[0]);
        Assert.That(plan, Has.Some.Matches<IDictionary<string, object?>>(r => Equals(r["table"], "t") && Equals(r["key"], "ix_topics_l3_board") && Equals(r["type"], "ref")),
            "the town's topics are read along (region_l3, status, updated_at)");
    }

    private static string ForRoomSql() =>
        (string)typeof(SimilarTopics).GetField("ForRoomSql", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

    private static string Level(int level) =>
        $"CASE {level} WHEN r.level THEN r.id WHEN p1.level THEN p1.id WHEN p2.level THEN p2.id WHEN p3.level THEN p3.id END";

    private static async Task<List<IDictionary<string, object?>>> ExplainAsync(long roomId)
    {
        var plan = new List<IDictionary<string, object?>>();
        var sql = ForRoomSql().Split(';', 2)[1].Trim().TrimEnd(';');
        foreach (var row in await QueryAsync<dynamic>("EXPLAIN " + sql, new { roomId, open = TopicStatus.OpenForComment.ToArray() }))
        {
            var cells = (IDictionary<string, object?>)row;
            TestContext.Out.WriteLine(string.Join(" | ", cells.Select(c => $"{c.Key}={c.Value}")));
            plan.Add(cells);
        }

        return plan;
    }
}
