using System.Net;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>A 查询号 typed back as people do: read aloud with spaces, written down without dashes, in lower case.</summary>
public sealed class ReceiptLookupTests : TopicTest
{
    [Test]
    public async Task ALookupAcceptsSpacesDashesAndLowerCase()
    {
        var topic = await SubmitAsync();
        var receipt = topic["receiptNo"]!.GetValue<string>();
        var (year, scene, seq) = (receipt[..4], receipt[5..^5], receipt[^4..]);
        var typed = new[]
        {
            $"{year} - {string.Join(' ', scene.ToCharArray())} - {seq}", // as the receipt page spells it out
            receipt.ToLowerInvariant(),
            $"{year}{scene}{seq}".ToLowerInvariant(),
            $"{year} {scene} {seq}",
            $"{year}－{scene}—{seq}", // dashes from a Chinese keyboard
            $" {year}-{scene}-{seq} ",
        };

        foreach (var text in typed)
        {
            var response = await Resident.GetAsync($"/api/topics/by-receipt/{Uri.EscapeDataString(text)}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{text}: {await response.Content.ReadAsStringAsync()}");
            var answer = await ReadJsonAsync(response);
            Assert.That((answer["topic"] ?? answer["status"])!["receiptNo"]!.GetValue<string>(), Is.EqualTo(receipt), text);
        }
    }

    [Test]
    public async Task SomethingThatCannotBeAReceiptSaysWhatOneLooksLike()
    {
        var response = await Anonymous.GetAsync($"/api/topics/by-receipt/{Uri.EscapeDataString("路灯")}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "receipt_malformed");
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("2026-UAPPT7VF-0001").And.Contain("查询号"));
    }

    [Test]
    public async Task AWellFormedNumberNoOneHasIsNotFound()
    {
        var response = await Anonymous.GetAsync("/api/topics/by-receipt/2026-AAAAAAAA-0001");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "receipt_not_found");
    }
}

/// <summary>The stored forms a typed 查询号 can mean.</summary>
public sealed class ReceiptNumberTests
{
    [TestCase("2026-UAPPT7VF-0001", "2026-UAPPT7VF-0001")]
    [TestCase("2026 - u a p p t 7 v f - 0001", "2026-UAPPT7VF-0001")]
    [TestCase("２０２６－ＵＡＰＰＴ７ＶＦ－０００１", "2026-UAPPT7VF-0001")]
    [TestCase("2026uappt7vf0001", "2026-UAPPT7VF-0001")]
    [TestCase("2026 UAPPT7V9 0001", "2026-UAPPT7V9-0001")]
    public void ATypedNumberMeansItsStoredForm(string typed, string stored)
    {
        var candidates = ReceiptNumbers.Candidates(typed);

        Assert.That(candidates, Does.Contain(stored));
        Assert.That(candidates, Has.All.Matches<string>(c => System.Text.RegularExpressions.Regex.IsMatch(c, "^[0-9]{4}-[0-9A-Z]+-[0-9]{4,}$")));
    }

    [Test]
    public void WithoutDashesEverySplitTheTrailingDigitsAllowIsTried() =>
        Assert.That(ReceiptNumbers.Candidates("2026UAPPT7V90001"), Is.EquivalentTo(new[] { "2026-UAPPT7V9-0001", "2026-UAPPT7V-90001" }));

    [TestCase("")]
    [TestCase("路灯不亮了好几天")]
    [TestCase("UAPPT7VF-2026-0001")]
    [TestCase("2026-UAPPT7VF")]
    public void WhatCannotBeAReceiptHasNoCandidates(string typed) =>
        Assert.That(ReceiptNumbers.Candidates(typed), Is.Empty);
}
