using System.Globalization;

namespace ForwardEmail.Dashboard.Web.Features;

/// <summary>The <c>yyyy-MM-dd</c> of an <c>&lt;input type="date"&gt;</c> as a UTC bound: a "from" day starts it, a "to" day counts whole.</summary>
public static class DayFilter
{
    /// <summary>False for text that is not a date; an empty input is no bound (null).</summary>
    public static bool TryParse(string input, bool wholeDay, out DateTimeOffset? bound)
    {
        bound = null;
        if (input.Length == 0)
        {
            return true;
        }

        if (!DateOnly.TryParseExact(input, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        // The whole "to" day counts: up to the start of the next one.
        bound = new DateTimeOffset((wholeDay ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return true;
    }
}
