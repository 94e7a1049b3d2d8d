using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c> (production).</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "Data Source=data/dashboard.db";

    /// <summary>Apply pending migrations at start. On by default; production may turn it off and run the migration bundle instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Seed the default domains, team mappings and reserved names when the database is empty.</summary>
    public bool SeedOnStart { get; set; } = true;

    [Range(0, 20)]
    public int StartupMigrationRetries { get; set; } = 5;
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
