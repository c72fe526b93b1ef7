using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Records;

/// <summary>Section <c>Retention</c>: the daily job that purges programmes and pupils past retention (D-IPR, three years).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Off only for a server whose records are purged some other way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs; a failed run is retried at the next one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first run, this long after start (not at once: start-up and migrations come first).</summary>
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Refuses unusable retention settings at start, naming the key.</summary>
internal sealed class RetentionOptionsValidation : IValidateOptions<RetentionOptions>
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(7);

    public static readonly TimeSpan MaxFirstRunDelay = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var problems = new List<string>();
        if (options.Interval < MinInterval || options.Interval > MaxInterval)
        {
            problems.Add($"Retention:Interval must be 00:01:00..7.00:00:00 (it is {options.Interval:c}).");
        }

        if (options.FirstRunDelay < TimeSpan.Zero || options.FirstRunDelay > MaxFirstRunDelay)
        {
            problems.Add($"Retention:FirstRunDelay must be 00:00:00..1.00:00:00 (it is {options.FirstRunDelay:c}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
