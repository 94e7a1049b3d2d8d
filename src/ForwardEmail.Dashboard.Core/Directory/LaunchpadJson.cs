using System.Text.Json;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>Decodes Launchpad entries and collection pages. Decoding, never pattern matching on the raw body.</summary>
internal static class LaunchpadJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static DirectoryPerson ParsePerson(ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body);
        return ReadPerson(document.RootElement);
    }

    public static LaunchpadPage ParsePage(ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDirectoryResponseException("A collection page is not a JSON object.");
        }

        if (!root.TryGetProperty("total_size", out var totalSize) || totalSize.ValueKind != JsonValueKind.Number
            || !totalSize.TryGetInt32(out var total) || total < 0)
        {
            throw new InvalidDirectoryResponseException("A collection page has no numeric 'total_size'.");
        }

        if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDirectoryResponseException("A collection page has no 'entries' array.");
        }

        string? next = null;
        if (root.TryGetProperty("next_collection_link", out var link) && link.ValueKind != JsonValueKind.Null)
        {
            next = link.ValueKind == JsonValueKind.String
                ? link.GetString()
                : throw new InvalidDirectoryResponseException("'next_collection_link' is not a string.");
        }

        var people = new List<DirectoryPerson>(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            people.Add(ReadPerson(entry));
        }

        return new LaunchpadPage(total, people, next);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDirectoryResponseException($"The directory answered with malformed JSON: {ex.Message}");
        }
    }

    private static DirectoryPerson ReadPerson(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDirectoryResponseException("A person entry is not a JSON object.");
        }

        if (!entry.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(nameElement.GetString()))
        {
            throw new InvalidDirectoryResponseException("A person entry has no 'name'.");
        }

        var name = nameElement.GetString()!;
        string? displayName = entry.TryGetProperty("display_name", out var display) && display.ValueKind == JsonValueKind.String
            ? display.GetString()
            : null;

        return new DirectoryPerson(
            LaunchpadName.TryNormalize(name, out var normalized) ? normalized : name,
            displayName,
            RequireBoolean(entry, "is_valid", name),
            RequireBoolean(entry, "is_ubuntu_coc_signer", name),
            RequireBoolean(entry, "is_team", name));
    }

    // A missing or non-boolean flag is not a "no": deciding eligibility on it would disable people wrongly.
    private static bool RequireBoolean(JsonElement entry, string property, string name) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new InvalidDirectoryResponseException($"The entry for '~{name}' has no boolean '{property}'.");
}

internal sealed record LaunchpadPage(int TotalSize, IReadOnlyList<DirectoryPerson> Entries, string? NextCollectionLink);
