using System.Text.Json;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>Decodes Launchpad entries and collection pages. Decoding, never pattern matching on the raw body.</summary>
internal static class LaunchpadJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static DirectoryPerson ParsePerson(ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body);
        return ReadPerson(document.RootElement, inListing: false);
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
            people.Add(ReadPerson(entry, inListing: true));
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

    /// <param name="inListing">
    /// In a listing, an entry with a name but a missing or non-boolean flag is returned marked <see cref="DirectoryPerson.Problem"/>:
    /// the fault concerns that person only. An entry without a name cannot be attributed to anyone and fails the page.
    /// </param>
    private static DirectoryPerson ReadPerson(JsonElement entry, bool inListing)
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
        var normalizedName = LaunchpadName.TryNormalize(name, out var normalized) ? normalized : name;

        var isValid = ReadBoolean(entry, "is_valid");
        var isCocSigner = ReadBoolean(entry, "is_ubuntu_coc_signer");
        var isTeam = ReadBoolean(entry, "is_team");
        var missing = new[] { ("is_valid", isValid), ("is_ubuntu_coc_signer", isCocSigner), ("is_team", isTeam) }
            .Where(f => f.Item2 is null).Select(f => f.Item1).ToList();
        if (missing.Count == 0)
        {
            return new DirectoryPerson(normalizedName, displayName, isValid!.Value, isCocSigner!.Value, isTeam!.Value);
        }

        // A missing or non-boolean flag is not a "no": deciding eligibility on it would disable people wrongly.
        var problem = $"The entry for '~{name}' has no boolean '{string.Join("', '", missing)}'.";
        return inListing
            ? new DirectoryPerson(normalizedName, displayName, IsValid: false, IsCocSigner: false, IsTeam: isTeam ?? false, problem)
            : throw new InvalidDirectoryResponseException(problem);
    }

    private static bool? ReadBoolean(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}

internal sealed record LaunchpadPage(int TotalSize, IReadOnlyList<DirectoryPerson> Entries, string? NextCollectionLink);
