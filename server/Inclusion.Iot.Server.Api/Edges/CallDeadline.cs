using System.Globalization;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// Every gRPC call has a deadline on the server's side too (<c>Ingest:MaxCallSeconds</c>): a call whose
/// <c>grpc-timeout</c> header is missing, unreadable or longer is given the server's before gRPC reads it, so gRPC itself
/// cancels the handler then and answers DEADLINE_EXCEEDED. An edge's shorter deadline is left as it is. Nothing is
/// acknowledged that was not committed, so the edge sends the batch again.
/// </summary>
public static class CallDeadline
{
    public const string Header = "grpc-timeout";

    /// <summary>The <c>grpc-timeout</c> a call runs with: its own when shorter than the server's limit, else the limit.</summary>
    public static string Bounded(string? requested, int maxSeconds)
    {
        var limit = TimeSpan.FromSeconds(maxSeconds);
        return Parse(requested) is { } asked && asked <= limit ? requested! : Format(limit);
    }

    /// <summary>gRPC's timeout: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
    public static TimeSpan? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length is < 2 or > 9) return null;
        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return null;
        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
    }

    public static string Format(TimeSpan timeout) => ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "S";

    /// <summary>Bounds the deadline of every gRPC call (requests with the <c>application/grpc</c> content type).</summary>
    public static IApplicationBuilder UseCallDeadline(this IApplicationBuilder app, int maxSeconds)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
            {
                context.Request.Headers[Header] = Bounded(context.Request.Headers[Header].ToString(), maxSeconds);
            }

            return next(context);
        });
    }
}
