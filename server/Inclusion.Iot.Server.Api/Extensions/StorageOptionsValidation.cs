using Inclusion.Iot.Server.Data;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

/// <summary>Refuses unusable storage settings at start, naming the key.</summary>
internal sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
