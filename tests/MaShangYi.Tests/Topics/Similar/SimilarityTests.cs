using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Tests.Topics.Similar;

/// <summary>The score of two short texts: normalisation, bigrams, Dice and the other-place rule.</summary>
public sealed class SimilarityTests
{
    [TestCase("３号楼　路灯！", "3号楼路灯")]
    [TestCase("ABC路灯，坏了。", "abc路灯坏")]
    [TestCase("三号楼的电梯又坏了", "3号楼电梯坏")]
    [TestCase(" \t\n", "")]
    public void NormalisingFoldsWidthCaseNumeralsAndDropsPunctuationAndStopCharacters(string text, string normalised) =>
        Assert.That(Similarity.Normalise(text), Is.EqualTo(normalised));

    [Test]
    public void TheSameTextScoresOneAndTextsSharingNoCharacterScoreZero()
    {
        Assert.That(Similarity.Score("路灯不亮", "晚上很黑", "路灯不亮", "晚上很黑"), Is.EqualTo(1.0));
        Assert.That(Similarity.Score("路灯不亮", null, "电梯故障", null), Is.EqualTo(0.0));
        Assert.That(Similarity.Score("路灯不亮", null, "亮不灯路", null), Is.GreaterThan(0.0).And.LessThan(Similarity.SuggestThreshold * 2), "the same characters in another order share no bigram");
    }

    [Test]
    public void TheScoreIsTheDiceCoefficientOfTheCharacterAndBigramSets()
    {
        // 路灯不亮 → 路 灯 不 亮 路灯 灯不 不亮; 路灯坏 → 路 灯 坏 路灯 灯坏: 路 灯 路灯 shared, 2·3 / (7 + 5).
        Assert.That(Similarity.Score("路灯不亮", "", "路灯坏", ""), Is.EqualTo(0.5).Within(1e-9));
    }

    [Test]
    public void TheScoreIsSymmetricAndWidthOrPunctuationDoNotChangeIt()
    {
        var ab = Similarity.Score("３号楼电梯经常坏", "老人上下楼困难！", "三号楼电梯又坏了", null);
        Assert.That(Similarity.Score("三号楼电梯又坏了", null, "３号楼电梯经常坏", "老人上下楼困难！"), Is.EqualTo(ab));
        Assert.That(Similarity.Score("3号楼电梯经常坏", "老人上下楼困难", "3号楼电梯坏", null), Is.EqualTo(ab));
    }

    [Test]
    public void TextsNamingDifferentBuildingsOrGatesScoreLessThanTheSameTextsAboutOnePlace()
    {
        var same = Similarity.Score("3号楼电梯经常故障", null, "3栋电梯经常故障", null);
        var other = Similarity.Score("3号楼电梯经常故障", null, "5号楼电梯经常故障", null);
        Assert.That(same, Is.GreaterThanOrEqualTo(Similarity.FlagThreshold));
        // Nine characters and eight bigrams each; all but 3 / 5 and 3号 / 5号 shared: 2·15 / 34.
        Assert.That(other, Is.EqualTo(2.0 * 15 / 34 * Similarity.OtherPlaceFactor).Within(1e-9));
        Assert.That(Similarity.Score("东门路灯不亮", null, "西门路灯不亮", null), Is.LessThan(Similarity.SuggestThreshold));
    }

    [Test]
    public void OnlyTheOpeningOfALongDescriptionCounts()
    {
        var tail = new string('啊', 10) + string.Concat(Enumerable.Repeat("电梯故障", 40));
        var padded = new string('路', Similarity.DescriptionPrefix - 10) + tail;
        Assert.That(Similarity.Score("路灯", padded, "路灯", new string('路', Similarity.DescriptionPrefix)), Is.EqualTo(1.0));
    }

    [Test]
    public void ATitleTooLongForTheStackBufferIsProfiledAsAShortOneIs()
    {
        // 320 characters: built in a rented buffer, not on the stack. Eight characters and eight bigrams (亮小 joins the repeats).
        var longTitle = string.Concat(Enumerable.Repeat("小区东门路灯不亮", 40));
        Assert.That(Similarity.Score(longTitle, null, longTitle, null), Is.EqualTo(1.0));
        Assert.That(Similarity.Score(longTitle, null, "东门路灯不亮", null), Is.EqualTo(2.0 * 11 / (16 + 11)).Within(1e-9));
        Assert.That(Similarity.Score(longTitle, null, "西门路灯不亮", null), Is.EqualTo(2.0 * 9 / (16 + 11) * Similarity.OtherPlaceFactor).Within(1e-9));
    }

    [Test]
    public void ProfilingACandidateAllocatesLittleMoreThanTheProfileItself()
    {
        // A resident's suggestions profile every open topic of the town, hundreds a request: the text is normalised and
        // its features sorted on the stack, and only the profile is allocated (with its features, the building and the
        // gate it names): about 600 bytes here, where joining, normalising and copying the text made it 3,264.
        const string title = "3号楼路灯不亮";
        const string description = "小区东门3号楼门口的路灯坏了一个多月，晚上出门很不安全，希望尽快修好。";
        Similarity.ProfileOf(title, description);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var profile = Similarity.ProfileOf(title, description);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"{allocated} bytes");
        Assert.That(profile.IsEmpty, Is.False);
        Assert.That(allocated, Is.LessThan(1_000));
    }

    [Test]
    public void TextsWithNoLetterOrDigitMatchNothing()
    {
        Assert.That(Similarity.ProfileOf("！？", " 。").IsEmpty, Is.True);
        Assert.That(Similarity.Score("！！", null, "！！", null), Is.EqualTo(0.0));
        Assert.That(Similarity.Score("！！", null, "路灯不亮", null), Is.EqualTo(0.0));
    }
}
