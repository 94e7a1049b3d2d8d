namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>How the demo directory answers for an account: 200, 410 (suspended) or 404 (absent).</summary>
public enum DemoAccountState
{
    Active,
    Suspended,
    Absent,
}
