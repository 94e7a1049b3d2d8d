namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>One socketmap answer: <c>OK data</c>, <c>NOTFOUND </c>, <c>TEMP reason</c> or <c>PERM reason</c>.</summary>
public sealed record SocketmapReply(string Status, string Data)
{
    public static readonly SocketmapReply NotFound = new("NOTFOUND", "");

    public static SocketmapReply Ok(string data) => new("OK", data);
    public static SocketmapReply Temp(string reason) => new("TEMP", reason);
    public static SocketmapReply Perm(string reason) => new("PERM", reason);

    /// <summary>Status, one space, data: Postfix expects the space even when the data is empty (<c>"NOTFOUND "</c>).</summary>
    public override string ToString() => Status + " " + Data;
}
