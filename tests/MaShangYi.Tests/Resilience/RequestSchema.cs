using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// Request bodies read from the OpenAPI document: plausible values for every field, and the changes a careless or
/// hostile client makes to them at any depth (null, an empty object or a wrong type, in a field or inside an array).
/// </summary>
public sealed class RequestSchema(JsonObject doc, DateTimeOffset now)
{
    /// <summary>One change to a body: <paramref name="Field"/> is the field as the API names it ("milestones[0].title").</summary>
    public sealed record Change(string Kind, string Field, IReadOnlyList<object> Path, JsonNode? Value, bool MustRefuse)
    {
        public string Label => $"{Kind} at {Field}";
    }

    /// <summary>Values that pass the simplest checks, so that a change elsewhere in the body is what the API looks at.</summary>
    private static readonly Dictionary<string, string?> PlausibleText = new()
    {
        ["onlineLink"] = null,
        ["mode"] = "offline",
        ["attendMode"] = "offline",
        ["party"] = "resident",
        ["class"] = "A",
        ["stance"] = "support",
        ["role"] = "volunteer",
        ["phone"] = "13800000000",
        ["contactPhone"] = "13800000000",
        ["callback_url"] = "https://example.com/callback",
    };

    public JsonObject? Resolve(JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference
            ? doc["components"]!["schemas"]![reference.Split('/')[^1]] as JsonObject
            : schema as JsonObject;

    public static IEnumerable<KeyValuePair<string, JsonNode?>> Properties(JsonObject? schema) => schema?["properties"]?.AsObject() ?? [];

    public static string TypeOf(JsonNode? property) => property?["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "string",
        _ => property?["$ref"] is not null ? "object" : "string",
    };

    public static bool IsNullable(JsonNode? property) =>
        property?["nullable"]?.GetValue<bool>() == true || (property?["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"));

    public static JsonNode WrongValueFor(string type) => type switch
    {
        "string" => new JsonArray(1, 2),
        "integer" or "number" => JsonValue.Create("十二")!,
        "boolean" => JsonValue.Create("maybe")!,
        "array" => JsonValue.Create(42)!,
        _ => JsonValue.Create("not an object")!,
    };

    /// <summary>A body with a plausible value in every field, arrays with one plausible element.</summary>
    public JsonObject Plausible(JsonObject? schema, int depth = 0)
    {
        var body = new JsonObject();
        foreach (var (name, property) in Properties(schema))
        {
            body[name] = PlausibleValue(name, property, depth);
        }

        return body;
    }

    private JsonNode? PlausibleValue(string name, JsonNode? property, int depth) => (TypeOf(property), property?["format"]?.GetValue<string>()) switch
    {
        ("string", "date") => now.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ("string", "date-time") => now.AddDays(7).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ("string", _) => PlausibleText.GetValueOrDefault(name, "测试内容，请勿处理"),
        ("integer" or "number", _) => 1,
        ("boolean", _) => true,
        ("array", _) when depth < 3 => new JsonArray(PlausibleValue(name, property!["items"], depth + 1)),
        ("object", _) when depth < 3 => Plausible(Resolve(property), depth + 1),
        _ => null,
    };

    /// <summary>Every change at every depth of the schema; <see cref="Change.MustRefuse"/> when no valid body can hold it.</summary>
    public IEnumerable<Change> Changes(JsonObject? schema) => Changes(schema, [], "", 0);

    private IEnumerable<Change> Changes(JsonObject? schema, List<object> prefix, string fieldPrefix, int depth)
    {
        if (depth > 3)
        {
            yield break;
        }

        foreach (var (name, property) in Properties(schema))
        {
            List<object> path = [.. prefix, name];
            var field = fieldPrefix + name;
            var type = TypeOf(property);
            // A bare $ref cannot say "nullable" in OpenAPI 3.0, so null for a nested object may be valid.
            yield return new Change("null", field, path, null, !IsNullable(property) && property?["$ref"] is null);
            yield return new Change("wrong type", field, path, WrongValueFor(type), true);
            if (type == "array")
            {
                var items = property!["items"];
                List<object> first = [.. path, 0];
                yield return new Change("null element", field + "[0]", first, null, !IsNullable(items));
                yield return new Change("wrong type element", field + "[0]", first, WrongValueFor(TypeOf(items)), true);
                if (TypeOf(items) == "object")
                {
                    yield return new Change("empty object element", field + "[0]", first, new JsonObject(), true);
                    foreach (var inner in Changes(Resolve(items), first, field + "[0].", depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
            else if (type == "object")
            {
                yield return new Change("empty object", field, path, new JsonObject(), false);
                foreach (var inner in Changes(Resolve(property), path, field + ".", depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A copy of <paramref name="body"/> with the change made, building the arrays and objects on its way.</summary>
    public static JsonObject Apply(JsonObject body, Change change)
    {
        var copy = body.DeepClone().AsObject();
        JsonNode node = copy;
        for (var i = 0; i < change.Path.Count; i++)
        {
            var last = i == change.Path.Count - 1;
            var value = last ? change.Value?.DeepClone() : null;
            var next = change.Path.ElementAtOrDefault(i + 1);
            switch (change.Path[i])
            {
                case string name when node is JsonObject obj:
                    if (last)
                    {
                        obj[name] = value;
                    }
                    else
                    {
                        node = obj[name] = Container(obj[name], next);
                    }

                    break;
                case int index when node is JsonArray array:
                    while (array.Count <= index)
                    {
                        array.Add(null);
                    }

                    if (last)
                    {
                        array[index] = value;
                    }
                    else
                    {
                        node = array[index] = Container(array[index], next);
                    }

                    break;
            }
        }

        return copy;
    }

    private static JsonNode Container(JsonNode? existing, object? next) => next switch
    {
        int when existing is JsonArray array => array.DeepClone(),
        int => new JsonArray(),
        _ when existing is JsonObject obj => obj.DeepClone(),
        _ => new JsonObject(),
    };
}
