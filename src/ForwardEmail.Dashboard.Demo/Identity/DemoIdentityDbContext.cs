using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Demo.Identity;

/// <summary>OpenIddict's stores (applications, authorizations, scopes, tokens) for the demo provider, in their own SQLite file.</summary>
public sealed class DemoIdentityDbContext(DbContextOptions<DemoIdentityDbContext> options) : DbContext(options);
