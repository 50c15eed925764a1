using FluentValidation;

namespace MaShangYi.Api.Features.Rooms;

/// <summary>The editable fields of a room, validated the same way for the API and for the CSV import.</summary>
public interface IRoomFields
{
    string? Name { get; }

    string? Address { get; }

    string? ContactName { get; }

    string? ContactPhone { get; }
}

public sealed class RoomFieldsValidator : AbstractValidator<IRoomFields>
{
    public RoomFieldsValidator()
    {
        RuleFor(x => x.Name).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写议事室名称。")
            .MaximumLength(100).WithMessage("议事室名称不超过 100 个字。");
        RuleFor(x => x.Address).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写议事室地址。")
            .MaximumLength(255).WithMessage("地址不超过 255 个字。");
        RuleFor(x => x.ContactName).MaximumLength(50).WithMessage("联系人不超过 50 个字。");
        RuleFor(x => x.ContactPhone).Matches(@"^[0-9+\- ]{5,32}$").When(x => !string.IsNullOrWhiteSpace(x.ContactPhone))
            .WithMessage("联系电话只能包含数字、空格、+ 和 -，5 至 32 位。");
    }
}
