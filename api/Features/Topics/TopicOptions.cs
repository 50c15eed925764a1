using System.ComponentModel.DataAnnotations;

namespace MaShangYi.Api.Features.Topics;

public sealed class TopicOptions
{
    public const string Section = "Topics";

    /// <summary>A topic goes on the room admin's due list once a published doubt has waited this many days for an answer.</summary>
    [Range(1, 60, ErrorMessage = "Topics:DoubtsDueAfterDays must be between 1 and 60.")]
    public int DoubtsDueAfterDays { get; set; } = 3;
}
