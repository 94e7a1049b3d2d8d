using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Web.Features.Jobs;

public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary><c>InMemory</c> (embedded default: jobs live in the process) or <c>SqlServer</c> (production: jobs survive restarts and are shared by instances).</summary>
    [Required]
    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    /// <summary>SQL Server connection string for Hangfire; empty means the <c>Database:ConnectionString</c>.</summary>
    public string? ConnectionString { get; set; }

    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>Run a Hangfire server in this instance (turn off on instances that should only serve pages).</summary>
    public bool RunServer { get; set; } = true;
}

public enum JobStorageKind
{
    InMemory,
    SqlServer,
}
