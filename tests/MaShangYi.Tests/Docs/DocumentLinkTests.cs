using System.Text.RegularExpressions;

namespace MaShangYi.Tests.Docs;

/// <summary>The README is the front door of a fresh clone: every link it and the docs make lands inside the repository.</summary>
public sealed partial class DocumentLinkTests
{
    private static readonly string Root = FindRoot();

    private static IEnumerable<string> Documents() =>
        new[] { "README.md", "miniprogram/README.md", "console/README.md" }
            .Concat(Directory.Exists(Path.Combine(Root, "docs")) ? Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)) : [])
            .Where(f => File.Exists(Path.Combine(Root, f)));

    [Test]
    public void EveryRelativeLinkInTheReadmeAndDocsLeadsToAFileOfTheRepository()
    {
        var broken = new List<string>();
        foreach (var document in Documents())
        {
            var folder = Path.GetDirectoryName(Path.Combine(Root, document))!;
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(Path.Combine(Root, document))))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var full = Path.GetFullPath(Path.Combine(folder, target));
                if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !(File.Exists(full) || Directory.Exists(full)))
                {
                    broken.Add($"{document}: {link.Value}");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void NoDocumentSendsItsReaderIntoTheSharedFolderAFreshCloneDoesNotHave()
    {
        var mentions = Documents().Where(d => File.ReadAllText(Path.Combine(Root, d)).Contains("../shared", StringComparison.Ordinal)).ToList();
        Assert.That(mentions, Is.Empty);
    }

    /// <summary>The repository root: the folder above the test binaries that holds MaShangYi.slnx.</summary>
    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MaShangYi.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MaShangYi.slnx) is not above the test binaries.");
    }

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
