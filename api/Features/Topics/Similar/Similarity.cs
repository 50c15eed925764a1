using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// How alike two short Chinese issue texts are, without a word segmenter: a text (its title and the opening of its
/// description) becomes the set of its characters and character bigrams after normalisation, and two sets are compared
/// by the Dice coefficient 2|A∩B| / (|A| + |B|): 1 for the same text, 0 for texts that share no character. Texts that
/// both name a building (3号楼, 5栋) or a gate (东门) and name none in common are about different places: their score is
/// multiplied by <see cref="OtherPlaceFactor"/>. Chosen and measured on tests/fixtures/similar-pairs.json: a title weighted
/// above the description, or compared alone, scored worse there (docs/similar-topics.md).
/// </summary>
public static partial class Similarity
{
    /// <summary>A suggestion to a resident, or to a reviewer: precision 0.85, recall 0.97 on the labelled pairs.</summary>
    public const double SuggestThreshold = 0.3;

    /// <summary>A submitted topic flagged as a possible duplicate for the reviewer: precision 0.88, recall 0.66.</summary>
    public const double FlagThreshold = 0.4;

    /// <summary>How much of a description takes part (and is read from the database): the opening sentences name the issue.</summary>
    public const int DescriptionPrefix = 80;

    public const double OtherPlaceFactor = 0.2;

    /// <summary>Characters that carry no meaning of their own in a short complaint; dropping them lets 路灯坏了 meet 路灯又坏.</summary>
    private const string StopCharacters = "的了在是和与也还都很就又着吧呢啊呀吗";

    private const string Numerals = "一二三四五六七八九";

    /// <summary>A text's characters and bigrams (sorted, distinct) and the places it names, ready to compare many times.</summary>
    public sealed class Profile
    {
        internal Profile(int[] grams, string[] buildings, string[] gates) => (Grams, Buildings, Gates) = (grams, buildings, gates);

        internal int[] Grams { get; }

        internal string[] Buildings { get; }

        internal string[] Gates { get; }

        /// <summary>True when there is nothing to compare (no letters or digits).</summary>
        public bool IsEmpty => Grams.Length == 0;
    }

    /// <summary>
    /// The profile of a title and the opening of its description, as of the two normalised one after the other (the space
    /// between them is dropped as any is). Built in a buffer on the stack: a resident's suggestions profile every open
    /// topic of the town, and each profile's text, its normalised copy and its unsorted features would be garbage at once
    /// (docs/benchmarks.md, *What a request allocates*).
    /// </summary>
    public static Profile ProfileOf(string? title, string? description)
    {
        var opening = description.AsSpan(0, Math.Min(description?.Length ?? 0, DescriptionPrefix));
        var length = (title?.Length ?? 0) + opening.Length;
        char[]? rented = null;
        var buffer = length <= StackChars ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = Normalise(title, buffer);
            written += Normalise(opening, buffer[written..]);
            var text = buffer[..written];
            return new Profile(Features(text), Places(text, BuildingPattern(), digitsOnly: true), Places(text, GatePattern(), digitsOnly: false));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A title (up to 100 characters) and the opening of a description fit on the stack; longer text is rented.</summary>
    private const int StackChars = 256;

    /// <summary>The score in [0, 1] of two profiles: 1 for texts that normalise to the same bigrams.</summary>
    public static double Score(Profile a, Profile b)
    {
        var dice = Dice(a.Grams, b.Grams);
        return OtherPlaces(a.Buildings, b.Buildings) || OtherPlaces(a.Gates, b.Gates) ? dice * OtherPlaceFactor : dice;
    }

    public static double Score(string? titleA, string? descriptionA, string? titleB, string? descriptionB) =>
        Score(ProfileOf(titleA, descriptionA), ProfileOf(titleB, descriptionB));

    /// <summary>
    /// Full-width forms to half-width (ＡＢＣ３ is abc3; folded here rather than by NFKC, which costs an ICU call per text
    /// and made scoring a town's candidates several times slower), lower case, 一…九 as digits (三号楼 is 3号楼), and only
    /// letters and digits kept: punctuation, spaces and the stop characters go.
    /// </summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var buffer = text.Length <= StackChars ? stackalloc char[text.Length] : new char[text.Length];
        return new string(buffer[..Normalise(text, buffer)]);
    }

    /// <summary><see cref="Normalise(string)"/> into <paramref name="kept"/> (as long as the text at least): how many characters it wrote.</summary>
    private static int Normalise(ReadOnlySpan<char> text, Span<char> kept)
    {
        var written = 0;
        foreach (var original in text)
        {
            var c = original is >= '\uFF01' and <= '\uFF5E' ? (char)(original - 0xFEE0) : original;
            var numeral = Numerals.IndexOf(c, StringComparison.Ordinal);
            if (numeral >= 0)
            {
                kept[written++] = (char)('1' + numeral);
            }
            else if (char.IsLetterOrDigit(c) && !StopCharacters.Contains(c, StringComparison.Ordinal))
            {
                kept[written++] = char.ToLower(c, CultureInfo.InvariantCulture);
            }
        }

        return written;
    }

    /// <summary>
    /// Each character (its code, below 65,536) and each pair of adjacent characters (the first's code shifted above it),
    /// sorted and distinct. The characters alone let 河里 meet 河道 and 漏水 meet 渗水 where the bigrams differ; on the labelled
    /// pairs they raised precision at the same recall (docs/similar-topics.md).
    /// </summary>
    internal static int[] Features(ReadOnlySpan<char> normalised)
    {
        if (normalised.Length == 0)
        {
            return [];
        }

        var count = (normalised.Length * 2) - 1;
        int[]? rented = null;
        var features = count <= StackChars * 2 ? stackalloc int[count] : (rented = ArrayPool<int>.Shared.Rent(count));
        try
        {
            features = features[..count];
            for (var i = 0; i < normalised.Length; i++)
            {
                features[i] = normalised[i];
                if (i + 1 < normalised.Length)
                {
                    features[normalised.Length + i] = (normalised[i] << 16) | normalised[i + 1];
                }
            }

            features.Sort();
            var distinct = 1;
            for (var i = 1; i < features.Length; i++)
            {
                if (features[i] != features[distinct - 1])
                {
                    features[distinct++] = features[i];
                }
            }

            return features[..distinct].ToArray();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>2|A∩B| / (|A| + |B|) of two sorted, distinct arrays, by one merge walk.</summary>
    internal static double Dice(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * shared / (a.Length + b.Length);
    }

    private static bool OtherPlaces(string[] a, string[] b) => a.Length > 0 && b.Length > 0 && !a.Intersect(b, StringComparer.Ordinal).Any();

    /// <summary>The distinct places <paramref name="pattern"/> finds: a building's number (its leading digits), or a gate.</summary>
    private static string[] Places(ReadOnlySpan<char> text, Regex pattern, bool digitsOnly)
    {
        if (text.IndexOfAny(PlaceMarks) < 0)
        {
            return [];
        }

        var places = new List<string>();
        foreach (var match in pattern.EnumerateMatches(text))
        {
            var place = text.Slice(match.Index, match.Length);
            if (digitsOnly)
            {
                var digits = 0;
                while (char.IsDigit(place[digits]))
                {
                    digits++;
                }

                place = place[..digits];
            }

            if (!Contains(places, place))
            {
                places.Add(new string(place));
            }
        }

        return [.. places];
    }

    private static bool Contains(List<string> places, ReadOnlySpan<char> place)
    {
        foreach (var known in places)
        {
            if (place.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly SearchValues<char> PlaceMarks = SearchValues.Create("号栋幢门");

    /// <summary>A building's number: 3号楼, 3栋, 3幢, 3号 (as normalised: 三 is 3, 楼 follows 号); the number leads the match.</summary>
    [GeneratedRegex(@"\d+(?:号楼|号|栋|幢)")]
    private static partial Regex BuildingPattern();

    [GeneratedRegex("[东西南北]门")]
    private static partial Regex GatePattern();
}
