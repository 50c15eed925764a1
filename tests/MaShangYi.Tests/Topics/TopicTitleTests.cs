using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Tests.Topics;

/// <summary>The title a topic gets from its description when none was given (a resident's one box, an Open311 item).</summary>
public sealed class TopicTitleTests
{
    [TestCase("路灯坏了一个月。晚上很黑。", "路灯坏了一个月")]
    [TestCase("  楼道里堆满了杂物\n已经好几个月了", "楼道里堆满了杂物")]
    [TestCase("垃圾桶不够用！", "垃圾桶不够用")]
    [TestCase("公交站没有遮雨棚", "公交站没有遮雨棚")]
    public void TheTitleIsTheFirstLineOrSentence(string description, string title) =>
        Assert.That(TopicTitles.FromDescription(description), Is.EqualTo(title));

    [Test]
    public void ALongFirstSentenceIsCutToThirtyCharactersWithAnEllipsis()
    {
        var title = TopicTitles.FromDescription(new string('路', 45) + "。后面的话");

        Assert.That(title, Is.EqualTo(new string('路', 29) + "…"));
    }

    [Test]
    public void ACharacterOutsideTheBasicPlaneIsNeverCutInHalf()
    {
        var title = TopicTitles.FromDescription(new string('路', 28) + "𠀀𠀀𠀀𠀀");

        Assert.That(title, Is.EqualTo(new string('路', 28) + "𠀀…"));
    }

    [Test]
    public void AGivenTitleIsKeptAndABlankOneIsReplaced()
    {
        Assert.That(TopicTitles.Choose(" 路灯不亮 ", "路灯坏了一个月。"), Is.EqualTo("路灯不亮"));
        Assert.That(TopicTitles.Choose(" ", "路灯坏了一个月。"), Is.EqualTo("路灯坏了一个月"));
        Assert.That(TopicTitles.Choose(null, "路灯坏了一个月。"), Is.EqualTo("路灯坏了一个月"));
    }
}
