using System.Globalization;
using System.Text;

namespace ForwardEmail.Dashboard.Core.Admin;

/// <summary>
/// The alias export as CSV (RFC 4180): one header, one line per alias, written as rows arrive. A cell that a spreadsheet
/// would run as a formula (starting with <c>= + - @</c>, a tab or a carriage return) gets a leading quote first: addresses,
/// usernames and admins' notes come from people.
/// </summary>
public static class AliasCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "address", "domain", "owner", "recipients", "origin", "state", "disabled_reason", "disabled_note", "disabled_at", "pending_since",
        "pending_reason", "created_at", "updated_at",
    ];

    public static async Task<int> WriteAsync(TextWriter writer, IAsyncEnumerable<AliasRow> rows, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(Line(Header));
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(Cells(row)));
            count++;
        }

        return count;
    }

    public static IReadOnlyList<string?> Cells(AliasRow row) =>
    [
        row.Address, row.Domain, row.OwnerUsername, string.Join(' ', row.Recipients), row.Origin.ToString(), row.State.ToString(),
        row.DisabledReason, row.DisabledNote, Time(row.DisabledAt), Time(row.IneligibleSince), row.IneligibleReason, Time(row.CreatedAt), Time(row.UpdatedAt),
    ];

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Escape)) + "\r\n";

    public static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return "";
        }

        var value = cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        quoted.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        return quoted.Append('"').ToString();
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
