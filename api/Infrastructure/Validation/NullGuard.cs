using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MaShangYi.Api.Infrastructure.Validation;

/// <summary>
/// Finds the nulls a request's own types rule out — a list element, a list or a nested object not declared nullable —
/// at any depth, named as the client wrote them ("milestones[0]"). JSON happily binds <c>[null]</c> into a list of
/// records; validators skip null elements and any rule that reads one throws, so these are refused before any
/// validator runs. Text is left to the validators, which say in their own words what is missing.
/// </summary>
public sealed class NullGuard(JsonSerializerOptions json)
{
    private const int MaxDepth = 8;

    private sealed record Slot(string Name, Func<object, object?> Get, bool Nullable, bool IsList, bool ElementsNullable);

    private readonly ConcurrentDictionary<Type, Slot[]> _slots = new();

    private readonly NullabilityInfoContext _nullability = new();

    public Dictionary<string, string[]> Find(object request)
    {
        var errors = new Dictionary<string, string[]>();
        Walk(request, "", errors, 0);
        return errors;
    }

    private void Walk(object value, string prefix, Dictionary<string, string[]> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var slot in SlotsOf(value.GetType()))
        {
            var field = prefix + slot.Name;
            switch (slot.Get(value))
            {
                case null when !slot.Nullable:
                    errors[field] = ["此项不能为空。"];
                    break;
                case IEnumerable list when slot.IsList:
                    var index = 0;
                    foreach (var element in list)
                    {
                        var at = $"{field}[{index++}]";
                        if (element is null && !slot.ElementsNullable)
                        {
                            errors[at] = [$"第 {index} 项不能为空。"];
                        }
                        else if (element is not null)
                        {
                            Walk(element, at + ".", errors, depth + 1);
                        }
                    }

                    break;
                case { } nested:
                    Walk(nested, field + ".", errors, depth + 1);
                    break;
            }
        }
    }

    /// <summary>The members of a JSON object type that can hold a null other than text; none for anything else.</summary>
    private Slot[] SlotsOf(Type type) => _slots.GetOrAdd(type, t =>
    {
        var info = json.GetTypeInfo(t);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return [];
        }

        lock (_nullability)
        {
            return [.. info.Properties
                .Where(p => p.Get is not null && !p.PropertyType.IsValueType && p.PropertyType != typeof(string))
                .Select(p => ToSlot(p, json.GetTypeInfo(p.PropertyType).Kind))];
        }
    });

    private Slot ToSlot(JsonPropertyInfo property, JsonTypeInfoKind kind)
    {
        var nullability = property.AttributeProvider switch
        {
            PropertyInfo p => _nullability.Create(p),
            FieldInfo f => _nullability.Create(f),
            _ => null,
        };
        var element = nullability?.ElementType ?? nullability?.GenericTypeArguments.FirstOrDefault();
        return new Slot(
            property.Name,
            property.Get!,
            Nullable: nullability is null || nullability.ReadState != NullabilityState.NotNull,
            IsList: kind == JsonTypeInfoKind.Enumerable,
            ElementsNullable: element is null || element.Type.IsValueType || element.ReadState != NullabilityState.NotNull);
    }
}
