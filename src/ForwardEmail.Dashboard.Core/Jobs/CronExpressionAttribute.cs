using System.ComponentModel.DataAnnotations;
using Cronos;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>A cron expression Hangfire accepts: five fields, or six with seconds first (parsed with Cronos, as Hangfire does).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CronExpressionAttribute : ValidationAttribute
{
    public CronExpressionAttribute()
        : base("must be a cron expression with five fields (minute hour day month weekday) or six (seconds first), e.g. '30 2 * * *'.")
    {
    }

    public override bool IsValid(object? value)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.TryParse(text, format, out _);
    }
}
