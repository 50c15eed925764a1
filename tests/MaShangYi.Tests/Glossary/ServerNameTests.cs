using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Glossary;

/// <summary>The names the API gives things residents read are the glossary's: one name per status, per stance, per step.</summary>
public sealed class ServerNameTests
{
    private static GlossaryFile Glossary => GlossaryFile.Instance;

    [Test]
    public void EveryStatusHasTheGlossarysNameShortEnoughForASubscribeMessage()
    {
        Assert.That(TopicStatus.All, Is.EquivalentTo(Glossary.Statuses.Keys), "the glossary names every status, and no other");
        foreach (var status in TopicStatus.All)
        {
            Assert.That(TopicStatus.Name(status), Is.EqualTo(Glossary.Statuses[status]), status);
            // A subscribe message's phrase field takes at most 5 characters (WeChat refuses the whole message otherwise).
            Assert.That(TopicStatus.Name(status).Length, Is.LessThanOrEqualTo(5), status);
        }

        Assert.That(TopicStatus.All.Select(TopicStatus.Name).Distinct().Count(), Is.EqualTo(TopicStatus.All.Count()), "one name per status");
    }

    [Test]
    public void AStatusWithoutANameReadsAsWordsNeverAsItsCode() =>
        Assert.That(TopicStatus.Name("some_new_status"), Is.EqualTo("查看详情"));

    [Test]
    public void TheStanceNamesAreTheGlossarys() =>
        Assert.That(CommentViews.StanceNames, Is.EquivalentTo(Glossary.Stances));

    [Test]
    public void TheExplanationsTheApiShowsAreTheGlossarys()
    {
        Assert.That(Explained.Minutes, Is.EqualTo(Glossary.Explained["纪要"]));
        Assert.That(Explained.Implementation, Is.EqualTo(Glossary.Explained["落实"]));
        Assert.That(Explained.Review, Is.EqualTo(Glossary.Explained["复核"]));
    }

    [Test]
    public void EveryNameOnThePublicTimelineUsesOnlyPlainWords()
    {
        // Action names may keep a process word (记录会议纪要, 布置落实任务): the pages showing them carry its explanation.
        var words = Workflow.Actions.Select(a => a.ChineseName)
            .Concat(TopicStatus.StageNames.Where(n => n.Length > 0))
            .Concat(Roles.ChineseNames.Values)
            .Concat(new[] { "A", "B", "C", "?" }.Select(Classes.Name))
            .Concat(EscalationKinds.Names.Values)
            .Concat(Parties.Names.Values);
        foreach (var word in words)
        {
            Assert.That(Glossary.ProblemsIn(word).Where(p => !p.Contains("without", StringComparison.Ordinal)), Is.Empty, word);
        }
    }
}
