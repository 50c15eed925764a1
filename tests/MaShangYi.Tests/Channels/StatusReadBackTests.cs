using System.Net;

namespace MaShangYi.Tests.Channels;

public sealed class StatusReadBackTests : ChannelTest
{
    [Test]
    public async Task TheServiceListShowsOurCategoriesInOpen311Shape()
    {
        var services = await ReadJsonArrayAsync(await Anonymous.GetAsync("/open311/v2/services.json"));

        Assert.That(services, Is.Not.Empty);
        var first = services[0]!.AsObject();
        Assert.That(first.Select(p => p.Key), Is.EquivalentTo(new[] { "service_code", "service_name", "description", "metadata", "type", "keywords", "group" }));
        Assert.That(first["service_code"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That(first["metadata"]!.GetValue<bool>(), Is.False);
        Assert.That(first["type"]!.GetValue<string>(), Is.EqualTo("realtime"));
    }

    [Test]
    public async Task AChannelReadsItsItemInOpen311ShapeAndAnotherChannelGets404()
    {
        var hotline = await CreateChannelAsync();
        var cppcc = await CreateChannelAsync("政协委员提案", "cppcc_proposal");
        var (receipt, _) = await SendItemAsync(hotline.Client, "12345-0001");

        var request = await GetRequestAsync(hotline.Client, receipt);

        Assert.That(request.Select(p => p.Key), Is.SupersetOf(new[]
        {
            "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
            "requested_datetime", "updated_datetime", "expected_datetime", "address",
        }));
        Assert.That(request["service_request_id"]!.GetValue<string>(), Is.EqualTo(receipt));
        Assert.That(request["channel_request_id"]!.GetValue<string>(), Is.EqualTo("12345-0001"));
        Assert.That(request["status"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(request["status_notes"]!.GetValue<string>(), Is.EqualTo("审核中"));
        Assert.That(request["agency_responsible"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(DateTimeOffset.Parse(request["requested_datetime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(Api.Clock.GetUtcNow()).Within(TimeSpan.FromSeconds(1)));
        Assert.That(request["expected_datetime"], Is.Null);

        await AssertProblemAsync(await cppcc.Client.GetAsync($"/open311/v2/requests/{receipt}.json"), HttpStatusCode.NotFound, "request_not_found");
        Assert.That(await ReadJsonArrayAsync(await cppcc.Client.GetAsync($"/open311/v2/requests.json?service_request_id={receipt}")), Is.Empty);
        Assert.That(await ReadJsonArrayAsync(await cppcc.Client.GetAsync("/open311/v2/requests.json")), Is.Empty);
    }

    [Test]
    public async Task SeveralItemsAreReadAtOnceByCommaSeparatedIds()
    {
        var channel = await CreateChannelAsync();
        var (a, _) = await SendItemAsync(channel.Client, "1");
        var (b, _) = await SendItemAsync(channel.Client, "2");

        var found = await ReadJsonArrayAsync(await channel.Client.GetAsync($"/open311/v2/requests.json?service_request_id={a},{b},2026-NOPE-0001"));

        Assert.That(found.Select(r => r!["service_request_id"]!.GetValue<string>()), Is.EquivalentTo(new[] { a, b }));
    }

    [Test]
    public async Task ARejectedItemIsClosedWithTheCriterionAndReasonAsStatusNotes()
    {
        var channel = await CreateChannelAsync();
        var (receipt, topicId) = await SendItemAsync(channel.Client, "12345-0001");

        await ActAsync(Reviewer, topicId, "reject", new { criterionId = await CriterionIdAsync(), reason = "属于个人纠纷，请通过调解解决。" });

        var request = await GetRequestAsync(channel.Client, receipt);
        Assert.That(request["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That(request["topic_status"]!.GetValue<string>(), Is.EqualTo("rejected"));
        Assert.That(request["status_notes"]!.GetValue<string>(), Does.StartWith("未通过审核：").And.EndWith("属于个人纠纷，请通过调解解决。"));
    }

    [Test]
    public async Task AReferredItemIsClosedAndNamesTheDepartmentAsTheAgencyResponsible()
    {
        var channel = await CreateChannelAsync();
        var (receipt, topicId) = await SendItemAsync(channel.Client, "12345-0001");

        await ActAsync(Reviewer, topicId, "refer", new { target = "清江浦区住建局", reference = "GD-77" });

        var request = await GetRequestAsync(channel.Client, receipt);
        Assert.That(request["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That(request["agency_responsible"]!.GetValue<string>(), Is.EqualTo("清江浦区住建局"));
        Assert.That(request["status_notes"]!.GetValue<string>(), Is.EqualTo("已转交办理：清江浦区住建局（GD-77）"));
    }

    [Test]
    public async Task AnAcceptedItemStaysOpen()
    {
        var channel = await CreateChannelAsync();
        var (receipt, topicId) = await SendItemAsync(channel.Client, "12345-0001");

        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });

        var request = await GetRequestAsync(channel.Client, receipt);
        Assert.That((request["status"]!.GetValue<string>(), request["status_notes"]!.GetValue<string>()), Is.EqualTo(("open", "听取意见中")));
    }

}
