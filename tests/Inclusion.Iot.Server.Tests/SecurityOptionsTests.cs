using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The <c>Security</c> section is checked at start; each failure names its key, in the UI culture.</summary>
public sealed class SecurityOptionsTests
{
    [Fact]
    public void Empty_bad_and_out_of_range_settings_each_name_their_key()
    {
        using var _ = UICulture.Use("en");
        var result = new SecurityOptionsValidation().Validate(null, new SecurityOptions
        {
            DataDirectory = " ",
            HostNames = ["localhost", "not a host!"],
            EnrolmentCodeHours = 0,
            ClientCertificateDays = 5000,
        });
        Assert.Equal(
            [
                "Security:DataDirectory is empty: it is required.",
                "Security:HostNames holds 'not a host!': each entry must be a DNS name or an IP address the edges connect to.",
                "Security:EnrolmentCodeHours is 0: it must be 1..720.",
                "Security:ClientCertificateDays is 5000: it must be 1..3650.",
            ],
            result.Failures!);
        Assert.Equal(["Security:HostNames is empty: it is required."], new SecurityOptionsValidation().Validate(null, new SecurityOptions { HostNames = [] }).Failures!);
        Assert.True(new SecurityOptionsValidation().Validate(null, new SecurityOptions { HostNames = ["server", "10.0.0.5", "::1"] }).Succeeded);
    }

    [Theory]
    [InlineData("ru", "Параметр Security:EnrolmentCodeHours равен 0: он должен быть в пределах 1..720.")]
    [InlineData("uk", "Параметр Security:EnrolmentCodeHours дорівнює 0: він має бути в межах 1..720.")]
    public void A_failure_reads_in_the_UI_culture(string culture, string message)
    {
        using var _ = UICulture.Use(culture);
        Assert.Equal([message], new SecurityOptionsValidation().Validate(null, new SecurityOptions { EnrolmentCodeHours = 0 }).Failures!);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://127.0.0.1:8082/", "https://127.0.0.1:8082")]
    [InlineData("https://*:8082", "https://server.school.example:8082")]
    [InlineData("https://0.0.0.0:8082", "https://server.school.example:8082")]
    [InlineData("https://[::]:8082", "https://server.school.example:8082")]
    public void The_edges_Server_Url_is_the_gateway_address_with_a_wildcard_host_replaced_by_the_first_host_name(string? gatewayUrl, string? expected) =>
        Assert.Equal(expected, new SecurityOptions { GatewayUrl = gatewayUrl, HostNames = ["server.school.example", "10.0.0.5"] }.EdgeServerUrl());
}
