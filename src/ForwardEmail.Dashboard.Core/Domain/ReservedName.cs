namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>A local part that never becomes a contributor alias (PRODUCT.md section 3).</summary>
public sealed class ReservedName
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Built-in names come from the specification and cannot be removed in the console.</summary>
    public bool IsBuiltIn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static readonly IReadOnlyList<string> BuiltIn =
    [
        "postmaster", "abuse", "hostmaster", "webmaster", "admin", "administrator", "root",
        "security", "noreply", "no-reply", "mailer-daemon", "support", "info",
    ];
}
