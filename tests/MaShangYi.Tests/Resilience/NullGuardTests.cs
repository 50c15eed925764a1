using System.Text.Json;
using MaShangYi.Api.Infrastructure.Json;
using MaShangYi.Api.Infrastructure.Validation;

namespace MaShangYi.Tests.Resilience;

/// <summary>The nulls a request's types rule out are found at any depth and named as the client wrote them.</summary>
public sealed class NullGuardTests
{
    public sealed record Leaf(string Name, IReadOnlyList<string>? Tags);

    public sealed record Branch(Leaf Required, Leaf? Optional, IReadOnlyList<Leaf>? Leaves, IReadOnlyList<Leaf?>? Gaps, IReadOnlyList<long>? Numbers, string Text);

    private static readonly NullGuard Guard = new(Options());

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        JsonSetup.Configure(options);
        return options;
    }

    private static Branch Read(string json) => JsonSerializer.Deserialize<Branch>(json, Options())!;

    [Test]
    public void NullElementsAndNullRequiredObjectsAreNamedWithTheirPathAtAnyDepth()
    {
        var errors = Guard.Find(Read("""{"required":null,"leaves":[{"name":"a","tags":["x",null]},null]}"""));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "required", "leaves[0].tags[1]", "leaves[1]" }));
        Assert.That(errors["leaves[1]"], Is.EqualTo(new[] { "第 2 项不能为空。" }));
    }

    [Test]
    public void NullsTheTypesAllowAndMissingTextAreLeftAlone()
    {
        var errors = Guard.Find(Read("""{"required":{"name":null},"optional":null,"leaves":null,"gaps":[null],"text":null}"""));

        Assert.That(errors, Is.Empty, "text is the validators' to name; nullable members and elements may be null");
    }
}
