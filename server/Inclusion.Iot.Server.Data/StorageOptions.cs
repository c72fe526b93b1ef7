namespace Inclusion.Iot.Server.Data;

/// <summary>Where the server keeps its records. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string DefaultConnectionString = "Data Source=data/inclusion-server.db";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>A SQLite connection string, or an Npgsql one for PostgreSQL.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>The parsed provider; call <see cref="Validate"/> first.</summary>
    public StorageProvider ProviderKind =>
        TryParseProvider(Provider, out var kind) ? kind : throw new InvalidOperationException(ProviderMessage());

    /// <summary>Problems with these options, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!TryParseProvider(Provider, out _))
        {
            problems.Add(ProviderMessage());
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:{nameof(ConnectionString)} is empty: give a SQLite ('{DefaultConnectionString}') or Npgsql connection string.");
        }

        return problems;
    }

    private static bool TryParseProvider(string? value, out StorageProvider kind) =>
        Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);

    private string ProviderMessage() =>
        $"{SectionName}:{nameof(Provider)} is '{Provider}': it must be '{nameof(StorageProvider.Sqlite)}' or '{nameof(StorageProvider.PostgreSql)}'.";
}
