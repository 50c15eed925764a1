using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class CodeImageTests : ApiTest
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47];

    private static int WeChatCodeCalls => Api.WeChat.CallsTo(nameof(IWeChatClient.GetUnlimitedWxaCodeAsync));

    [Test]
    public async Task ARegionAdminGetsTheRoomsCodeAsAPngThatIsStored()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var roomId = await RoomIdAsync("柳树湾社区协商议事室");

        var response = await admin.GetAsync($"/api/rooms/{roomId}/code");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes.Take(4), Is.EqualTo(PngMagic));
        var stored = await QueryAsync<byte[]>("SELECT image FROM room_code_images WHERE room_id = @roomId", new { roomId });
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0], Is.EqualTo(bytes));
    }

    [Test]
    public async Task RepeatedRequestsForACodeAskWeChatOnlyOncePerRoom()
    {
        var admin = await SeedDemoCityAsync();
        var first = await RoomIdAsync("柳树湾社区协商议事室");
        var second = await RoomIdAsync("河下社区协商议事室");

        var images = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            images.Add(await (await admin.GetAsync($"/api/rooms/{first}/code")).Content.ReadAsByteArrayAsync());
        }

        Assert.That(WeChatCodeCalls, Is.EqualTo(1));
        Assert.That(images, Is.All.EqualTo(images[0]));
        Assert.That((await admin.GetAsync($"/api/rooms/{second}/code")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WeChatCodeCalls, Is.EqualTo(2));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM room_code_images"), Is.EqualTo(2));
    }

    [Test]
    public async Task NonAdminsAndAdminsOfAnotherCountyGet403AndNoCodeIsMade()
    {
        await SeedDemoCityAsync();
        var reviewer = await LoginWithRoleAsync("reviewer", "reviewer", "320812");
        var huaian = await LoginWithRoleAsync("ha-admin", "region_admin", "320803");
        var roomId = await RoomIdAsync("柳树湾社区协商议事室");
        var countyId = await RegionIdAsync("320812");

        await AssertProblemAsync(await reviewer.GetAsync($"/api/rooms/{roomId}/code"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await huaian.GetAsync($"/api/rooms/{roomId}/code"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await reviewer.GetAsync($"/api/regions/{countyId}/codes.zip"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await huaian.GetAsync($"/api/regions/{countyId}/codes.zip"), HttpStatusCode.Forbidden, "forbidden");

        Assert.That(WeChatCodeCalls, Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM room_code_images"), Is.Zero);
    }

    [Test]
    public async Task AnUnknownRoomOrRegionIs404()
    {
        var admin = await SeedDemoCityAsync();

        await AssertProblemAsync(await admin.GetAsync("/api/rooms/999999/code"), HttpStatusCode.NotFound, "room_not_found");
        await AssertProblemAsync(await admin.GetAsync("/api/regions/999999/codes.zip"), HttpStatusCode.NotFound, "region_not_found");
    }

    [Test]
    public async Task CodesNeedALogin()
    {
        await SeedDemoCityAsync();

        var response = await Anonymous.GetAsync($"/api/rooms/{await RoomIdAsync("柳树湾社区协商议事室")}/code");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Test]
    public async Task ARegionsZipHoldsEveryRoomCodeOfItsSubtreeNamedByRegionPathRoomAndScene()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var expected = await ExpectedEntriesAsync("/320800/320812/");

        var response = await admin.GetAsync($"/api/regions/{await RegionIdAsync("320812")}/codes.zip");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/zip"));
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.That(zip.Entries.Select(e => e.FullName), Is.EquivalentTo(expected));
        Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain(
            $"淮安市-清江浦区-长西街道-柳树湾社区/柳树湾社区协商议事室-{await SceneOfAsync("柳树湾社区协商议事室")}.png"));
        foreach (var entry in zip.Entries)
        {
            await using var stream = await entry.OpenAsync();
            var head = new byte[4];
            await stream.ReadExactlyAsync(head);
            Assert.That(head, Is.EqualTo(PngMagic), entry.FullName);
        }

        Assert.That(WeChatCodeCalls, Is.EqualTo(9));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM room_code_images"), Is.EqualTo(9));
    }

    [Test]
    public async Task DownloadingTheZipAgainReusesTheStoredCodes()
    {
        var admin = await SeedDemoCityAsync();
        var cityId = await RegionIdAsync("320800");
        Assert.That((await admin.GetAsync($"/api/rooms/{await RoomIdAsync("柳树湾社区协商议事室")}/code")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var first = await admin.GetAsync($"/api/regions/{cityId}/codes.zip");
        var second = await admin.GetAsync($"/api/regions/{cityId}/codes.zip");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var zip = new ZipArchive(new MemoryStream(await second.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.That(zip.Entries, Has.Count.EqualTo(28));
        Assert.That(WeChatCodeCalls, Is.EqualTo(28), "one call per room, ever");
    }

    [Test]
    public async Task AWeChatFailureWhileMakingACodeIs503AndStoresNothing()
    {
        var admin = await SeedDemoCityAsync();
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.Busy, -1, "busy");

        var single = await admin.GetAsync($"/api/rooms/{await RoomIdAsync("柳树湾社区协商议事室")}/code");
        var zip = await admin.GetAsync($"/api/regions/{await RegionIdAsync("320812")}/codes.zip");

        await AssertProblemAsync(single, HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
        await AssertProblemAsync(zip, HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM room_code_images"), Is.Zero);
    }

    [Test]
    public async Task ZipEntriesStayInTheirFolderWhateverRegionsAndRoomsAreCalled()
    {
        var admin = await SeedDemoCityAsync();
        var cityId = await RegionIdAsync("320800");
        Assert.That((await admin.PutAsJsonAsync($"/api/regions/{cityId}", new { name = ".." })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PutAsJsonAsync($"/api/regions/{await RegionIdAsync("320812")}", new { name = "../../etc" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ExecuteAsync("UPDATE rooms SET name = @name WHERE name = '淮安市政协协商议事室'", new { name = @"..\..\windows" });
        await ExecuteAsync("UPDATE rooms SET name = '.bashrc' WHERE name = '柳树湾社区协商议事室'");

        var response = await admin.GetAsync($"/api/regions/{cityId}/codes.zip");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(names, Has.Count.EqualTo(28));
        Assert.That(names, Has.None.Contain("\\"), "no Windows separators");
        Assert.That(names.Select(n => n.Split('/').Length), Is.All.EqualTo(2), "a folder and a file, nothing deeper or higher");
        Assert.That(names.SelectMany(n => n.Split('/')), Has.None.StartsWith("."), "no '..' segment, no hidden file");
        Assert.That(names, Does.Contain($"__/___.._windows-{await SceneOfAsync(@"..\..\windows")}.png"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("__-议事室小程序码.zip"));
    }

    private static Task<string> SceneOfAsync(string roomName) =>
        ScalarAsync<string>("SELECT scene FROM rooms WHERE name = @roomName", new { roomName });

    private static async Task<List<string>> ExpectedEntriesAsync(string subtree)
    {
        var names = (await QueryAsync<(string Code, string Name)>("SELECT code, name FROM regions")).ToDictionary(r => r.Code, r => r.Name);
        var rooms = await QueryAsync<(string Path, string Name, string Scene)>(
            "SELECT r.path, m.name, m.scene FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.path LIKE CONCAT(@subtree, '%')", new { subtree });
        return rooms.Select(r =>
            string.Join("-", r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(code => names[code])) + $"/{r.Name}-{r.Scene}.png").ToList();
    }
}
