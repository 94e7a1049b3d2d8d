using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Data;

public static class UnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction inside the execution strategy (SQL Server retries transient faults):
    /// every attempt starts from a clean change tracker and re-reads, and commits only if it returns.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DashboardDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var result = await work(token);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
}
