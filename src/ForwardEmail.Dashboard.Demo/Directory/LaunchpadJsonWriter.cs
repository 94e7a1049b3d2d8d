using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>
/// Writes entries and collection pages byte for byte in Launchpad's style (see ../shared/launchpad/README.md):
/// one line, <c>", "</c> and <c>": "</c> separators, fixed field order, ASCII only with <c>\uXXXX</c> escapes,
/// <c>&amp; &lt; &gt;</c> always escaped, and the <c>"resource_type_link" : </c> quirk on collections.
/// </summary>
internal static class LaunchpadJsonWriter
{
    public const string Redacted = "tag:launchpad.net:2008:redacted";

    /// <param name="apiBase">The API root with trailing slash, e.g. <c>http://127.0.0.1:5000/1.0/</c>.</param>
    /// <param name="webBase">The web root with trailing slash, e.g. <c>http://127.0.0.1:5000/</c>.</param>
    public static string Entry(DemoEntry entry, string apiBase, string webBase, out string etag)
    {
        var json = new Json();
        json.Begin();
        WriteEntryFields(json, entry, apiBase, webBase);
        var withoutEtag = json.ToString();
        etag = ETag(entry, withoutEtag);
        json.Field("http_etag", etag);
        json.End();
        return json.ToString();
    }

    /// <param name="rewriteEntry">Applied to each entry's JSON (name, JSON) before it is written, to serve malformed entries.</param>
    public static string Collection(
        int start, int totalSize, string? next, string? prev, IEnumerable<DemoEntry> entries, string apiBase, string webBase,
        Func<string, string, string>? rewriteEntry = null)
    {
        var json = new Json();
        json.Begin();
        json.Field("start", start);
        json.Field("total_size", totalSize);
        if (next is not null)
        {
            json.Field("next_collection_link", next);
        }

        if (prev is not null)
        {
            json.Field("prev_collection_link", prev);
        }

        json.Name("entries");
        json.Raw("[");
        var first = true;
        foreach (var entry in entries)
        {
            if (!first)
            {
                json.Raw(", ");
            }

            first = false;
            var written = Entry(entry, apiBase, webBase, out _);
            json.Raw(rewriteEntry is null ? written : rewriteEntry(entry.Name, written));
        }

        json.Raw("]");
        json.Raw(", \"resource_type_link\" : ");
        json.String(apiBase + "#person-page-resource");
        json.Raw("}");
        return json.ToString();
    }

    private static void WriteEntryFields(Json json, DemoEntry entry, string apiBase, string webBase)
    {
        var self = apiBase + "~" + entry.Name;
        var hash = StableHash(entry.Name);
        json.Field("self_link", self);
        json.Field("web_link", webBase + "~" + entry.Name);
        json.Field("resource_type_link", apiBase + (entry.IsTeam ? "#team" : "#person"));
        json.Field("recipes_collection_link", self + "/recipes");
        json.Null("latitude");
        json.Null("longitude");
        json.Field("time_zone", "UTC");
        json.Field("private", false);
        json.Field("is_valid", entry.IsTeam || entry.IsValid);
        json.Field("is_team", entry.IsTeam);
        json.Field("visibility", "Public");
        json.Field("name", entry.Name);
        if (!entry.IsTeam)
        {
            json.Field("display_name", entry.DisplayName);
            json.Field("logo_link", self + "/logo");
        }

        var karma = entry.IsTeam || !entry.IsValid ? 0 : 1 + (int)(hash % 3000);
        json.Field("is_probationary", !entry.IsTeam && karma == 0);
        json.Field("id", Redacted);
        json.Field("karma", karma);
        json.Null("homepage_content");
        var description = entry.IsTeam ? $"{entry.DisplayName} (demo directory team)." : null;
        json.Field("description", description);
        if (!entry.IsTeam)
        {
            json.Field("mugshot_link", self + "/mugshot");
        }

        json.Field("languages_collection_link", self + "/languages");
        json.Field("hide_email_addresses", false);
        json.Field("date_created", DateCreated(hash));
        json.Field("sshkeys_collection_link", self + "/sshkeys");
        // Teams never sign the Code of Conduct.
        json.Field("is_ubuntu_coc_signer", !entry.IsTeam && entry.IsCocSigner);
        foreach (var collection in (string[])["gpg_keys", "wiki_names", "irc_nicknames", "jabber_ids", "social_accounts",
                     "memberships_details", "open_membership_invitations", "confirmed_email_addresses"])
        {
            json.Field(collection + "_collection_link", self + "/" + collection);
        }

        json.Field("team_owner_link", entry.TeamOwner is null ? null : apiBase + "~" + entry.TeamOwner);
        // is_valid means "has a preferred email"; anonymous callers only ever see it redacted.
        json.Field("preferred_email_address_link", !entry.IsTeam && entry.IsValid ? Redacted : null);
        json.Field("mailing_list_auto_subscribe_policy", "Ask me when I join a team");
        json.Null("archive_link");
        foreach (var collection in (string[])["ppas", "sub_teams", "super_teams", "members", "admins", "participants",
                     "deactivated_members", "expired_members", "invited_members", "members_details", "proposed_members"])
        {
            json.Field(collection + "_collection_link", self + "/" + collection);
        }

        if (entry.IsTeam)
        {
            json.Field("team_description", description);
            json.Field("membership_policy", "Restricted Team");
            json.Field("subscription_policy", "Restricted Team");
            json.Field("renewal_policy", "invite them to apply for renewal");
            json.Null("default_membership_period");
            json.Null("default_renewal_period");
            json.Field("logo_link", self + "/logo");
            json.Field("mugshot_link", self + "/mugshot");
            json.Field("display_name", entry.DisplayName);
        }
    }

    /// <summary><c>"&lt;40 hex&gt;-&lt;40 hex&gt;"</c>, quotes included: the content part changes whenever any field does.</summary>
    private static string ETag(DemoEntry entry, string content)
    {
        var contentHash = Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(content)));
        var writeHash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{entry.Name}:{entry.Version}")));
        return $"\"{contentHash}-{writeHash}\"";
    }

    private static string DateCreated(uint hash)
    {
        var created = new DateTimeOffset(2008, 1, 1, 0, 0, 0, TimeSpan.Zero)
            .AddSeconds(hash % (15u * 365 * 24 * 3600))
            .AddTicks(hash % 10_000_000 / 10 * 10);
        return created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
    }

    // FNV-1a: stable across processes, unlike string.GetHashCode.
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private sealed class Json
    {
        private readonly StringBuilder _builder = new();
        private bool _needsSeparator;

        public void Begin()
        {
            _builder.Append('{');
            _needsSeparator = false;
        }

        public void End() => _builder.Append('}');

        public void Raw(string text) => _builder.Append(text);

        public void Name(string name)
        {
            if (_needsSeparator)
            {
                _builder.Append(", ");
            }

            _needsSeparator = true;
            String(name);
            _builder.Append(": ");
        }

        public void Field(string name, string? value)
        {
            Name(name);
            if (value is null)
            {
                _builder.Append("null");
            }
            else
            {
                String(value);
            }
        }

        public void Field(string name, bool value)
        {
            Name(name);
            _builder.Append(value ? "true" : "false");
        }

        public void Field(string name, int value)
        {
            Name(name);
            _builder.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Null(string name) => Field(name, (string?)null);

        /// <summary>Python's <c>json.dumps(ensure_ascii=True)</c> escaping, plus <c>&amp; &lt; &gt;</c> as lazr.restful writes them.</summary>
        public void String(string value)
        {
            _builder.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': _builder.Append("\\\""); break;
                    case '\\': _builder.Append("\\\\"); break;
                    case '\n': _builder.Append("\\n"); break;
                    case '\r': _builder.Append("\\r"); break;
                    case '\t': _builder.Append("\\t"); break;
                    case '\b': _builder.Append("\\b"); break;
                    case '\f': _builder.Append("\\f"); break;
                    case '&' or '<' or '>':
                    case < ' ' or > '~':
                        _builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        break;
                    default: _builder.Append(c); break;
                }
            }

            _builder.Append('"');
        }

        public override string ToString() => _builder.ToString();
    }
}
