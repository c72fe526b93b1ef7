namespace Inclusion.Iot.Testing;

/// <summary>
/// The local binaries the fixtures need. A missing one fails the test with the command that
/// installs it; tests never skip.
/// </summary>
public static class RequiredBinary
{
    public const string InstallHint = "run ./test.sh, which installs it";

    /// <summary>Throws <see cref="FileNotFoundException"/> when <paramref name="path"/> does not exist.</summary>
    public static string EnsureExists(string path)
    {
        if (Path.IsPathRooted(path) && !File.Exists(path))
        {
            throw new FileNotFoundException($"{Path.GetFileName(path)} not found at {path}; {InstallHint}.", path);
        }

        return path;
    }

    /// <summary>The newest PostgreSQL server binaries (Debian: /usr/lib/postgresql/&lt;major&gt;/bin).</summary>
    public static string PostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(dir => (Dir: dir, Major: int.TryParse(Path.GetFileName(dir), out var major) ? major : -1))
                .Where(candidate => candidate.Major > 0 && File.Exists(Path.Combine(candidate.Dir, "bin", "postgres")))
                .OrderByDescending(candidate => candidate.Major)
                .Select(candidate => Path.Combine(candidate.Dir, "bin"))
                .FirstOrDefault()
            : null;
        return newest ?? throw new FileNotFoundException(
            $"postgres not found at {root}/<version>/bin/postgres; {InstallHint}.");
    }
}
