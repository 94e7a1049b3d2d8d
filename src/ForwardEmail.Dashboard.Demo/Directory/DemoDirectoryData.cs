using System.Globalization;
using System.Text.Json;
using ForwardEmail.Dashboard.Core.Directory;

namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>
/// The people and teams the demo directory serves. Mutable while the server runs (tests add people, move them
/// between teams, suspend them); every member takes one lock, and readers get immutable snapshots.
/// Names are stored lower-cased, as Launchpad's are.
/// </summary>
public sealed class DemoDirectoryData
{
    private const string PersonasResource = "ForwardEmail.Dashboard.Demo.Data.personas.json";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    public static DemoDirectoryData Empty() => new();

    /// <summary>The teams and people of the embedded <c>Data/personas.json</c>, the demo's single source of personas.</summary>
    public static DemoDirectoryData LoadPersonas()
    {
        using var stream = typeof(DemoDirectoryData).Assembly.GetManifestResourceStream(PersonasResource)
            ?? throw new InvalidOperationException($"Embedded resource {PersonasResource} is missing.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var data = new DemoDirectoryData();

        foreach (var team in root.GetProperty("teams").EnumerateArray())
        {
            var subTeams = team.TryGetProperty("subTeams", out var subs) ? subs.EnumerateArray().Select(s => s.GetString()!).ToArray() : [];
            data.AddTeam(team.GetProperty("name").GetString()!, OptionalString(team, "displayName"), subTeams);
        }

        foreach (var person in root.GetProperty("people").EnumerateArray())
        {
            var name = person.GetProperty("name").GetString()!;
            var state = OptionalString(person, "directory") switch
            {
                null or "active" => DemoAccountState.Active,
                "suspended" => DemoAccountState.Suspended,
                "absent" => DemoAccountState.Absent,
                var other => throw new InvalidOperationException($"personas.json: '{name}' has unknown directory state '{other}'."),
            };
            data.AddPerson(
                name,
                person.TryGetProperty("isValid", out var valid) && valid.GetBoolean(),
                person.TryGetProperty("isCocSigner", out var coc) && coc.GetBoolean(),
                state,
                OptionalString(person, "displayName"));

            if (person.TryGetProperty("teams", out var teams))
            {
                foreach (var team in teams.EnumerateArray())
                {
                    data.AddToTeam(name, team.GetString()!);
                }
            }
        }

        return data;
    }

    /// <summary>Adds a team (or updates its display name) with the given sub-teams as direct members; sub-teams may be added later.</summary>
    public void AddTeam(string name, string? displayName = null, params string[] subTeams)
    {
        var key = Key(name);
        lock (_gate)
        {
            if (_accounts.TryGetValue(key, out var existing))
            {
                if (!existing.IsTeam)
                {
                    throw new InvalidOperationException($"'{key}' is a person, not a team.");
                }

                existing.DisplayName = displayName ?? existing.DisplayName;
            }
            else
            {
                existing = new Account(key, IsTeam: true) { DisplayName = displayName ?? DefaultDisplayName(key), IsValid = true };
                _accounts.Add(key, existing);
            }

            foreach (var subTeam in subTeams)
            {
                existing.Members.Add(Key(subTeam));
            }

            existing.Version++;
        }
    }

    /// <summary>Adds a person, or replaces the directory facts of an existing one (memberships are kept).</summary>
    public void AddPerson(string name, bool isValid = true, bool isCocSigner = true, DemoAccountState state = DemoAccountState.Active, string? displayName = null)
    {
        var key = Key(name);
        lock (_gate)
        {
            if (_accounts.TryGetValue(key, out var existing) && existing.IsTeam)
            {
                throw new InvalidOperationException($"'{key}' is a team, not a person.");
            }

            existing ??= new Account(key, IsTeam: false);
            existing.DisplayName = displayName ?? existing.DisplayName ?? DefaultDisplayName(key);
            existing.IsValid = isValid;
            existing.IsCocSigner = isCocSigner;
            existing.State = state;
            existing.Version++;
            _accounts[key] = existing;
        }
    }

    public void UpdatePerson(string name, bool? isValid = null, bool? isCocSigner = null, DemoAccountState? state = null)
    {
        lock (_gate)
        {
            var person = Get(name, team: false);
            person.IsValid = isValid ?? person.IsValid;
            person.IsCocSigner = isCocSigner ?? person.IsCocSigner;
            person.State = state ?? person.State;
            person.Version++;
        }
    }

    /// <summary>Makes <paramref name="person"/> (a person, or a team to nest it) a direct member of <paramref name="team"/>.</summary>
    public void AddToTeam(string person, string team)
    {
        lock (_gate)
        {
            var member = _accounts.TryGetValue(Key(person), out var account) ? account : throw new KeyNotFoundException($"No person or team '{person}'.");
            var target = Get(team, team: true);
            if (target.Members.Add(member.Name))
            {
                target.Version++;
            }
        }
    }

    public void RemoveFromTeam(string person, string team)
    {
        lock (_gate)
        {
            var target = Get(team, team: true);
            if (target.Members.Remove(Key(person)))
            {
                target.Version++;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> active people named <c>{prefix}00000</c>… spread round-robin over
    /// <paramref name="teams"/> (created when missing); every 7th also joins the next team, every 20th has not
    /// signed the Code of Conduct and every 50th (offset 1) is not valid, so a 10k run meets every branch.
    /// </summary>
    public void AddSyntheticPeople(int count, IReadOnlyList<string> teams, string prefix = "user")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(teams);
        if (count > 0 && teams.Count == 0)
        {
            throw new ArgumentException("At least one team is needed.", nameof(teams));
        }

        var width = Math.Max(5, count.ToString(CultureInfo.InvariantCulture).Length);
        lock (_gate)
        {
            foreach (var team in teams)
            {
                if (!_accounts.ContainsKey(Key(team)))
                {
                    AddTeam(team);
                }
            }

            for (var i = 0; i < count; i++)
            {
                var name = prefix + i.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                AddPerson(name, isValid: i % 50 != 1, isCocSigner: i % 20 != 0, displayName: $"Synthetic User {i.ToString(CultureInfo.InvariantCulture)}");
                AddToTeam(name, teams[i % teams.Count]);
                if (i % 7 == 0 && teams.Count > 1)
                {
                    AddToTeam(name, teams[(i + 1) % teams.Count]);
                }
            }
        }
    }

    /// <summary>The account as served at <c>~name</c>, or null when it does not exist at all.</summary>
    internal DemoEntry? Find(string name)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(name, out var account) ? Snapshot(account) : null;
        }
    }

    /// <summary>Every direct and indirect participant (people and sub-teams, the team itself excluded), in Launchpad's order.</summary>
    internal IReadOnlyList<DemoEntry> Participants(string team)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(team, out var root) || !root.IsTeam)
            {
                return [];
            }

            var reached = new HashSet<string>(StringComparer.Ordinal) { root.Name };
            var pending = new Queue<Account>([root]);
            var result = new List<DemoEntry>();
            while (pending.TryDequeue(out var current))
            {
                foreach (var memberName in current.Members)
                {
                    if (reached.Add(memberName) && _accounts.TryGetValue(memberName, out var member) && member.State == DemoAccountState.Active)
                    {
                        result.Add(Snapshot(member));
                        if (member.IsTeam)
                        {
                            pending.Enqueue(member);
                        }
                    }
                }
            }

            return Sort(result);
        }
    }

    /// <summary>Direct active members only (people and sub-teams).</summary>
    internal IReadOnlyList<DemoEntry> Members(string team)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(team, out var root) || !root.IsTeam)
            {
                return [];
            }

            return Sort([.. root.Members
                .Select(m => _accounts.GetValueOrDefault(m))
                .OfType<Account>()
                .Where(m => m.State == DemoAccountState.Active)
                .Select(Snapshot)]);
        }
    }

    internal static string Key(string name) => LaunchpadName.FoldCase(name.Trim());

    private Account Get(string name, bool team)
    {
        if (!_accounts.TryGetValue(Key(name), out var account))
        {
            throw new KeyNotFoundException($"No {(team ? "team" : "person")} '{name}'.");
        }

        if (account.IsTeam != team)
        {
            throw new InvalidOperationException($"'{name}' is not a {(team ? "team" : "person")}.");
        }

        return account;
    }

    private DemoEntry Snapshot(Account account)
    {
        string? owner = null;
        if (account.IsTeam)
        {
            owner = account.Members
                .Where(m => _accounts.TryGetValue(m, out var member) && !member.IsTeam && member.State == DemoAccountState.Active)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
        }

        return new DemoEntry(account.Name, account.DisplayName ?? account.Name, account.IsTeam, account.IsValid, account.IsCocSigner, account.State, account.Version, owner);
    }

    // Launchpad lists by display name (case-insensitive, punctuation and digits ignored), then name.
    private static List<DemoEntry> Sort(List<DemoEntry> entries) =>
        [.. entries.OrderBy(e => SortKey(e.DisplayName), StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)];

    private static string SortKey(string displayName) =>
        string.Concat(displayName.Where(char.IsLetter).Select(char.ToLowerInvariant));

    private static string DefaultDisplayName(string name) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.Replace('-', ' ').Replace('.', ' ').Replace('+', ' '));

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Account(string Name, bool IsTeam)
    {
        public string? DisplayName { get; set; }
        public bool IsValid { get; set; }
        public bool IsCocSigner { get; set; }
        public DemoAccountState State { get; set; }
        public int Version { get; set; }
        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>An immutable view of one account, taken under the data lock.</summary>
internal sealed record DemoEntry(
    string Name, string DisplayName, bool IsTeam, bool IsValid, bool IsCocSigner, DemoAccountState State, int Version, string? TeamOwner);
