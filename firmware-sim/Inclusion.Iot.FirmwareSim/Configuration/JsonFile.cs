using System.Text.Json;

namespace Inclusion.Iot.FirmwareSim.Configuration;

/// <summary>Reads a JSON file into a document, turning every I/O or syntax problem into a <see cref="ConfigurationException"/>.</summary>
internal static class JsonFile
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Loads <paramref name="path"/> and reads it with <paramref name="read"/> (which names bad keys).</summary>
    public static T Load<T>(string what, string path, Func<JsonElement, string, T> read)
    {
        using var document = Load(what, path);
        return read(document.RootElement, path);
    }

    /// <summary>Parses JSON text (a file's content, or inline in tests) and reads it with <paramref name="read"/>.</summary>
    public static T Parse<T>(string what, string path, string text, Func<JsonElement, string, T> read)
    {
        using var document = Parse(what, path, text);
        return read(document.RootElement, path);
    }

    public static JsonDocument Load(string what, string path)
    {
        if (!File.Exists(path)) throw new ConfigurationException(Messages.FileNotFound(what, path));
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(Messages.FileUnreadable(what, path, e.Message));
        }

        return Parse(what, path, text);
    }

    public static JsonDocument Parse(string what, string path, string text)
    {
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(Messages.InvalidJson(what, path, e.Message));
        }
    }
}
