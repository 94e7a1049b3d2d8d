using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>The embedded demo directory (configuration section <c>Demo:Directory</c>).</summary>
public sealed class DemoDirectoryOptions
{
    public const string SectionName = "Demo:Directory";

    /// <summary>Added to every demo directory request, to make the dashboard's progress and timeouts visible.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Latency { get; set; }

    /// <summary>Synthetic people added to the persona teams, e.g. 10000 to try a large reconciliation.</summary>
    [Range(0, 200_000)]
    public int SyntheticPeople { get; set; }
}
