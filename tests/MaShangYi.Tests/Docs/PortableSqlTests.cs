using System.Text;
using System.Text.RegularExpressions;

namespace MaShangYi.Tests.Docs;

/// <summary>
/// docs/scale-out.md promises that the schema and the queries run on one MariaDB/MySQL server, on a Galera cluster and on
/// TiDB. These tests hold every migration and every SQL string in the API to the list of what one of them rejects, so the
/// promise cannot rot silently: a new trigger, FULLTEXT index, SKIP LOCKED or table without a primary key fails here.
/// </summary>
public sealed class PortableSqlTests
{
    private static readonly string Root = DocumentLinkTests.FindRoot();

    /// <summary>What the document names (its "Not on the cluster path" list) and how to find it in SQL.</summary>
    private static readonly (string Name, Regex Pattern)[] Rejected =
    [
        ("triggers", Sql(@"\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\b")),
        ("stored procedures", Sql(@"\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?PROCEDURE\b|\bCALL\s+\w+\s*\(")),
        ("stored functions", Sql(@"\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?(?:AGGREGATE\s+)?FUNCTION\b")),
        ("events", Sql(@"\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?EVENT\b")),
        ("FULLTEXT", Sql(@"\bFULLTEXT\b|\bAGAINST\s*\(")),
        ("SPATIAL", Sql(@"\bSPATIAL\s+(?:KEY|INDEX)\b")),
        ("SKIP LOCKED", Sql(@"\bSKIP\s+LOCKED\b|\bNOWAIT\b")),
        ("GET_LOCK", Sql(@"\b(?:GET_LOCK|RELEASE_LOCK|IS_FREE_LOCK|IS_USED_LOCK)\s*\(")),
        ("LOCK TABLES", Sql(@"\bLOCK\s+TABLES?\b")),
        ("XA transactions", Sql(@"\bXA\s+(?:START|BEGIN|END|PREPARE|COMMIT|ROLLBACK)\b")),
        ("SQL_CALC_FOUND_ROWS", Sql(@"\bSQL_CALC_FOUND_ROWS\b|\bFOUND_ROWS\s*\(")),
        ("engines other than InnoDB", Sql(@"\bENGINE\s*=\s*(?!InnoDB\b)\w+")),
    ];

    [Test]
    public void NoMigrationUsesWhatTheScaleOutDocumentSaysAnEngineRejects()
    {
        var found = Migrations().SelectMany(f => Violations(Path.GetFileName(f), WithoutSqlComments(File.ReadAllText(f)))).ToList();
        Assert.That(found, Is.Empty);
    }

    [Test]
    public void NoSqlStringInTheApiUsesWhatTheScaleOutDocumentSaysAnEngineRejects()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var literals = files.ToDictionary(f => Path.GetRelativePath(Root, f), f => string.Join("\n", StringLiterals(File.ReadAllText(f))));
        // The scan reads the SQL itself: the row locks the document discusses are among the strings it sees.
        Assert.That(literals.Values.Count(l => l.Contains("FOR UPDATE", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(5));
        var found = literals.SelectMany(l => Violations(l.Key, l.Value)).ToList();
        Assert.That(found, Is.Empty);
    }

    [Test]
    public void EveryTableAMigrationCreatesHasAPrimaryKey()
    {
        var missing = new List<string>();
        foreach (var file in Migrations())
        {
            var sql = WithoutSqlComments(File.ReadAllText(file));
            foreach (Match table in Regex.Matches(sql, @"\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?(?<body>[^;]*)", RegexOptions.IgnoreCase))
            {
                if (!Regex.IsMatch(table.Groups["body"].Value, @"\bPRIMARY\s+KEY\b", RegexOptions.IgnoreCase))
                {
                    missing.Add($"{Path.GetFileName(file)}: {table.Groups[1].Value}");
                }
            }
        }

        Assert.That(missing, Is.Empty, "Galera replicates row changes by primary key, and TiDB needs one to spread a table's rows.");
    }

    [TestCase("CREATE TRIGGER t_after AFTER INSERT ON topics FOR EACH ROW SET @x = 1", "triggers")]
    [TestCase("create definer=`root`@`%` procedure p() begin end", "stored procedures")]
    [TestCase("CALL recount(1)", "stored procedures")]
    [TestCase("CREATE FUNCTION f() RETURNS INT RETURN 1", "stored functions")]
    [TestCase("ALTER TABLE topics ADD FULLTEXT KEY ft_title (title)", "FULLTEXT")]
    [TestCase("SELECT id FROM outbox WHERE status = 'pending' LIMIT 5 FOR UPDATE SKIP LOCKED", "SKIP LOCKED")]
    [TestCase("SELECT GET_LOCK('migrations', 10)", "GET_LOCK")]
    [TestCase("LOCK TABLES topics WRITE", "LOCK TABLES")]
    [TestCase("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=MyISAM", "engines other than InnoDB")]
    [TestCase("SELECT SQL_CALC_FOUND_ROWS id FROM topics", "SQL_CALC_FOUND_ROWS")]
    public void TheCheckFindsEachRejectedConstruct(string sql, string name)
    {
        Assert.That(Violations("sample", sql).Select(v => v.Split(": ")[1]), Does.Contain(name));
    }

    [Test]
    public void TheCheckLeavesPortableSqlAlone()
    {
        const string sql = """
            CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id)) ENGINE=InnoDB;
            UPDATE outbox SET claim_id = @claimId WHERE status = 'pending' ORDER BY id LIMIT 20;
            SELECT id FROM topics WHERE id = @id FOR UPDATE;
            INSERT INTO stats_topics (topic_id) VALUES (1) ON DUPLICATE KEY UPDATE status = VALUES(status)
            """;
        Assert.That(Violations("sample", sql), Is.Empty);
    }

    [Test]
    public void EveryRejectedConstructIsNamedInTheScaleOutDocument()
    {
        var document = File.ReadAllText(Path.Combine(Root, "docs", "scale-out.md"));
        Assert.That(Rejected.Select(r => r.Name).Where(n => !document.Contains(n, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void StringLiteralsAreReadOutOfCodeWithoutItsComments()
    {
        const string code = """"
            // LOCK TABLES in a comment is not SQL
            var a = "SELECT 1 FROM t"; /* GET_LOCK( */ var url = "http://x//y";
            var b = """
                UPDATE t SET a = 1
                """;
            var c = @"say ""hi""";
            """";
        Assert.That(StringLiterals(code).Select(s => s.Trim()), Is.EqualTo(new[] { "SELECT 1 FROM t", "http://x//y", "UPDATE t SET a = 1", "say \"hi\"" }));
    }

    private static IEnumerable<string> Violations(string where, string sql) =>
        Rejected.Where(r => r.Pattern.IsMatch(sql)).Select(r => $"{where}: {r.Name}: {r.Pattern.Match(sql).Value}");

    private static string[] Migrations() => Directory.GetFiles(Path.Combine(Root, "db-migrations"), "*.sql");

    private static Regex Sql(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string WithoutSqlComments(string sql) =>
        Regex.Replace(Regex.Replace(sql, @"/\*.*?\*/", " ", RegexOptions.Singleline), @"(--|#)[^\n]*", " ");

    /// <summary>The string literals of C# source (regular, verbatim, raw, interpolated), comments skipped.</summary>
    internal static IEnumerable<string> StringLiterals(string code)
    {
        var i = 0;
        while (i < code.Length)
        {
            if (At(code, i, "//"))
            {
                i = code.IndexOf('\n', i) is var end and >= 0 ? end : code.Length;
            }
            else if (At(code, i, "/*"))
            {
                i = code.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : code.Length;
            }
            else if (code[i] == '\'')
            {
                i = code[i + 1] == '\\' ? code.IndexOf('\'', i + 3) + 1 : i + 3;
            }
            else if (code[i] == '"' || ((code[i] == '@' || code[i] == '$') && Regex.IsMatch(code[(i + 1)..Math.Min(code.Length, i + 3)], "^[@$]*\"")))
            {
                var start = i;
                while (code[i] != '"')
                {
                    i++;
                }

                var verbatim = code[start..i].Contains('@');
                var quotes = 0;
                while (i + quotes < code.Length && code[i + quotes] == '"')
                {
                    quotes++;
                }

                if (quotes >= 3)
                {
                    var close = new string('"', quotes);
                    var end = code.IndexOf(close, i + quotes, StringComparison.Ordinal);
                    yield return code[(i + quotes)..end];
                    i = end + quotes;
                }
                else
                {
                    // quotes == 2 with nothing between is an empty string; otherwise read to the closing quote.
                    var text = new StringBuilder();
                    i++;
                    while (i < code.Length)
                    {
                        if (verbatim && At(code, i, "\"\""))
                        {
                            text.Append('"');
                            i += 2;
                        }
                        else if (!verbatim && code[i] == '\\')
                        {
                            text.Append(code, i, 2);
                            i += 2;
                        }
                        else if (code[i] == '"')
                        {
                            i++;
                            break;
                        }
                        else
                        {
                            text.Append(code[i++]);
                        }
                    }

                    yield return text.ToString();
                }
            }
            else
            {
                i++;
            }
        }
    }

    private static bool At(string code, int i, string what) => string.CompareOrdinal(code, i, what, 0, what.Length) == 0;
}
