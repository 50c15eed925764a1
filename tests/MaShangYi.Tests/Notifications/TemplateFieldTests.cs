using MaShangYi.Api.Features.Notifications;

namespace MaShangYi.Tests.Notifications;

/// <summary>Values cut to the limit of their WeChat key's type, so WeChat never refuses a whole message for one field.</summary>
public sealed class TemplateFieldTests
{
    [Test]
    public void AThingIsCutToTwentyCharactersEndingInAnEllipsis()
    {
        Assert.That(TemplateFields.Fit("thing", "一二三四五六七八九十一二三四五六七八九十"), Is.EqualTo("一二三四五六七八九十一二三四五六七八九十"), "20 fit");
        Assert.That(TemplateFields.Fit("thing", "一二三四五六七八九十一二三四五六七八九十一"), Is.EqualTo("一二三四五六七八九十一二三四五六七八九…"));
    }

    [Test]
    public void APhraseIsCutToFiveAndANameToTen()
    {
        Assert.That(TemplateFields.Fit("phrase", "已转建议提案"), Is.EqualTo("已转建议提"));
        Assert.That(TemplateFields.Fit("name", "欧阳一二三四五六七八九"), Is.EqualTo("欧阳一二三四五六七八"));
    }

    [Test]
    public void ACharacterStringKeepsAsciiOnlyAndAtMost32()
    {
        Assert.That(TemplateFields.Fit("character_string", "2026-UAPPT7VF-0001"), Is.EqualTo("2026-UAPPT7VF-0001"));
        Assert.That(TemplateFields.Fit("character_string", "编号AB12"), Is.EqualTo("AB12"));
        Assert.That(TemplateFields.Fit("character_string", new string('7', 40)), Has.Length.EqualTo(32));
    }

    [Test]
    public void TimesAndDatesAreWeChatFormatsInBeijingTime()
    {
        var utc = new DateTime(2026, 11, 27, 16, 5, 0, DateTimeKind.Utc);

        Assert.That(TemplateFields.Fit("time", utc), Is.EqualTo("2026年11月28日 00:05"));
        Assert.That(TemplateFields.Fit("date", new DateOnly(2026, 12, 1)), Is.EqualTo("2026年12月1日"));
        Assert.That(TemplateFields.Fit("thing", new DateOnly(2026, 12, 1)), Is.EqualTo("2026年12月1日"), "a date in a text key is written out");
    }

    [Test]
    public void CharactersAreCountedAsPeopleCountThemAndEmptyTextIsNeverSent()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 25));

        Assert.That(TemplateFields.Fit("thing", emoji), Is.EqualTo(string.Concat(Enumerable.Repeat("😀", 19)) + "…"), "a surrogate pair is one character");
        Assert.That(TemplateFields.Fit("thing", "  路灯\n  不亮 "), Is.EqualTo("路灯 不亮"));
        Assert.That(TemplateFields.Fit("thing", "   "), Is.EqualTo("无"));
    }

    [Test]
    public void RenderFillsOnlyTheMappedKeysOfTheTemplate()
    {
        var map = new Dictionary<string, string> { ["topic"] = "thing7", ["status"] = "phrase9" };
        var values = new Dictionary<string, object> { ["topic"] = "小区路灯不亮", ["status"] = "决议公示中啊", ["note"] = "未映射" };

        Assert.That(TemplateFields.Render(map, values), Is.EqualTo(new Dictionary<string, string> { ["thing7"] = "小区路灯不亮", ["phrase9"] = "决议公示中" }));
    }
}
