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

    /// <summary>
    /// Problems with these options, each naming its configuration key, in the process's UI culture
    /// (<see cref="StartupMessages"/>); empty when they are usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!TryParseProvider(Provider, out _))
        {
            problems.Add(ProviderMessage());
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add(StartupMessages.ConnectionStringEmpty($"{SectionName}:{nameof(ConnectionString)}", DefaultConnectionString));
        }

        return problems;
    }

    private static bool TryParseProvider(string? value, out StorageProvider kind) =>
        Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);

    private string ProviderMessage() =>
        StartupMessages.ProviderInvalid($"{SectionName}:{nameof(Provider)}", Provider, nameof(StorageProvider.Sqlite), nameof(StorageProvider.PostgreSql));
}
