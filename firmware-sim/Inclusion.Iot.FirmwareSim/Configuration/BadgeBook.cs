using System.Text.Json;
using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.FirmwareSim.Configuration;

/// <summary>A badge resolved from a name or a UID.</summary>
public sealed record Badge(string Uid, string? Name);

/// <summary>
/// The badges file: a JSON object of name → UID (<c>{"olena":"04A1B2C3","fox":"04110001"}</c>).
/// Names match case-insensitively, and by unique prefix; anything else that looks like a UID is a UID.
/// </summary>
public sealed class BadgeBook
{
    private readonly List<KeyValuePair<string, string>> _badges;

    public BadgeBook(IEnumerable<KeyValuePair<string, string>> badges) => _badges = [.. badges];

    public static BadgeBook Empty { get; } = new([]);

    public bool HasNames => _badges.Count > 0;

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _badges;

    public static BadgeBook Load(string path) => JsonFile.Load(Messages.BadgesFile, path, Parse);

    public static BadgeBook Parse(string json, string path = "(inline)") => JsonFile.Parse(Messages.BadgesFile, path, json, Parse);

    private static BadgeBook Parse(JsonElement root, string path)
    {
        ConfigurationException Bad(string key, string problem) => new(Messages.InvalidFile(Messages.BadgesFile, path, key, problem));
        if (root.ValueKind != JsonValueKind.Object) throw Bad("(root)", Messages.MustBeObject);
        var entries = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in root.EnumerateObject())
        {
            if (string.IsNullOrWhiteSpace(p.Name)) throw Bad("(name)", Messages.MustBeString);
            if (!names.Add(p.Name)) throw Bad(p.Name, Messages.DuplicateName(p.Name));
            if (p.Value.ValueKind != JsonValueKind.String) throw Bad(p.Name, Messages.MustBeString);
            var uid = NormaliseUid(p.Value.GetString()!) ?? throw Bad(p.Name, Messages.NotABadgeUid(p.Value.GetString()!));
            entries.Add(new(p.Name, uid));
        }

        return new BadgeBook(entries);
    }

    /// <summary>Resolves a name, a name prefix or a UID; throws <see cref="ArgumentException"/> with a clear message otherwise.</summary>
    public Badge Resolve(string nameOrUid)
    {
        ArgumentNullException.ThrowIfNull(nameOrUid);
        var text = nameOrUid.Trim();
        var exact = _badges.Where(b => string.Equals(b.Key, text, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 1) return new Badge(exact[0].Value, exact[0].Key);

        var prefixed = text.Length == 0 ? [] : _badges.Where(b => b.Key.StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
        var uid = NormaliseUid(text);
        if (uid is not null)
        {
            var owner = _badges.FirstOrDefault(b => b.Value == uid);
            return new Badge(uid, owner.Key);
        }

        if (prefixed.Count == 1) return new Badge(prefixed[0].Value, prefixed[0].Key);
        if (prefixed.Count > 1) throw new ArgumentException(Messages.AmbiguousBadge(text, string.Join(", ", prefixed.Select(b => b.Key))));
        if (!HasNames) throw new ArgumentException(Messages.NeedsBadgesFile(text));
        throw new ArgumentException(Messages.UnknownBadge(text));
    }

    /// <summary>A UID by the one rule the edge reads badges with (<see cref="BadgeUid"/>); null when <paramref name="text"/> is not one.</summary>
    public static string? NormaliseUid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return BadgeUid.TryNormalise(text, out var uid) ? uid : null;
    }
}
