namespace Inclusion.Iot.Server.Data;

/// <summary>Whose rows a <see cref="ServerDbContext"/> may see.</summary>
public enum AccessScopeKind
{
    /// <summary>No rows at all: an anonymous or unknown caller.</summary>
    Nobody,

    /// <summary>The server itself (edge gateway, background services, commands, seed): every row.</summary>
    System,

    /// <summary>One organisation's rows.</summary>
    Organisation,

    /// <summary>A network's organisations, without pupil-level rows (pupils, staff, programmes, decisions, session members).</summary>
    Network,
}

/// <summary>Who is asking. Immutable; <see cref="IAccessScope"/> says which one applies now.</summary>
public sealed record AccessScope(AccessScopeKind Kind, string? OrganisationId = null, string? NetworkId = null)
{
    public static readonly AccessScope Nobody = new(AccessScopeKind.Nobody);

    public static readonly AccessScope System = new(AccessScopeKind.System);

    public static AccessScope ForOrganisation(string organisationId) =>
        new(AccessScopeKind.Organisation, OrganisationId: string.IsNullOrEmpty(organisationId) ? throw new ArgumentException("An organisation id is required.", nameof(organisationId)) : organisationId);

    public static AccessScope ForNetwork(string networkId) =>
        new(AccessScopeKind.Network, NetworkId: string.IsNullOrEmpty(networkId) ? throw new ArgumentException("A network id is required.", nameof(networkId)) : networkId);
}

/// <summary>The scope the <see cref="ServerDbContext"/>'s global query filters read, per query.</summary>
public interface IAccessScope
{
    AccessScope Current { get; }
}

/// <summary>A fixed scope (a context made by hand: tests, design time, one-off tools).</summary>
public sealed class FixedAccessScope(AccessScope scope) : IAccessScope
{
    public static readonly FixedAccessScope System = new(AccessScope.System);

    public AccessScope Current { get; } = scope ?? throw new ArgumentNullException(nameof(scope));
}

/// <summary>
/// The scope of one DI scope (one request, one background unit of work). Starts as <see cref="AccessScope.Nobody"/>:
/// whoever does not say who is asking sees nothing. The host sets it from the signed-in user; the edge gateway,
/// background services, commands and the seed call <see cref="UseSystem"/> explicitly.
/// </summary>
public sealed class AccessScopeHolder : IAccessScope
{
    public AccessScope Current { get; private set; } = AccessScope.Nobody;

    public void Use(AccessScope scope) => Current = scope ?? throw new ArgumentNullException(nameof(scope));

    public void UseSystem() => Current = AccessScope.System;
}
