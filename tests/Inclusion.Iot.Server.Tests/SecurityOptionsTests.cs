using Microsoft.Extensions.Configuration;
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
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://localhost:8080", false)]
    [InlineData("http://[::1]:8080", false)]
    [InlineData("http://127.0.0.2:8080/admin", false)]
    [InlineData("https://0.0.0.0:8443", false)]
    [InlineData("HTTPS://*:8443", false)]
    [InlineData("http://0.0.0.0:8080", true)]
    [InlineData("http://*:8080", true)]
    [InlineData("http://+:8080", true)]
    [InlineData("http://[::]:8080", true)]
    [InlineData("http://10.0.0.5:8080", true)]
    [InlineData("HTTP://server", true)]
    public void Plain_http_counts_as_on_the_network_unless_its_host_is_loopback(string url, bool expected) =>
        Assert.Equal(expected, PlaintextListeners.IsPlaintextOnNetwork(url));

    [Fact]
    public void Kestrel_endpoints_override_urls_and_http_ports_as_they_do_when_kestrel_binds()
    {
        static IReadOnlyList<string> Found(Dictionary<string, string?> settings) =>
            [.. PlaintextListeners.Find(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Select(l => $"{l.Key}={l.Url}")];

        // The .NET container images set ASPNETCORE_HTTP_PORTS=8080; configured endpoints replace it.
        Assert.Empty(Found(new() { ["Kestrel:Endpoints:Admin:Url"] = "https://0.0.0.0:8443", ["Kestrel:Endpoints:Grpc:Url"] = "https://0.0.0.0:8082", ["http_ports"] = "8080", ["urls"] = "http://*:80" }));
        Assert.Equal(["Kestrel:Endpoints:Admin:Url=http://0.0.0.0:8080"], Found(new() { ["Kestrel:Endpoints:Admin:Url"] = "http://0.0.0.0:8080", ["Kestrel:Endpoints:Grpc:Url"] = "https://0.0.0.0:8082" }));
        Assert.Equal(["urls=http://*:5000"], Found(new() { ["urls"] = "https://*:5001; http://*:5000;http://127.0.0.1:5002", ["http_ports"] = "8080" }));
        Assert.Equal(["http_ports=8080"], Found(new() { ["http_ports"] = "8080" }));
        Assert.Empty(Found(new()));
    }

    [Fact]
    public void Allowing_plaintext_on_the_network_passes_and_the_refusal_names_the_key_in_the_UI_culture()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:Admin:Url"] = "http://0.0.0.0:8080" }).Build();
        var validation = new PlaintextListenerValidation(configuration);
        Assert.True(validation.Validate(null, new SecurityOptions { AllowPlaintextOnNetwork = true }).Succeeded);
        using (UICulture.Use("uk"))
        {
            var failure = Assert.Single(validation.Validate(null, new SecurityOptions()).Failures!);
            Assert.StartsWith("Kestrel:Endpoints:Admin:Url дорівнює http://0.0.0.0:8080: сервер відповідав би відкритим текстом", failure, StringComparison.Ordinal);
            Assert.EndsWith("задавайте Security:AllowPlaintextOnNetwork=true, лише якщо єдиний вхід — TLS-проксі перед сервером.", failure, StringComparison.Ordinal);
        }
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
