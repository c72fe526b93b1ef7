using System.Security.Cryptography.X509Certificates;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// The edge's own enrolment against a TLS gateway: on first start it makes its key, enrols once with its code and
/// presents the certificate on every call after, also after a restart; a refused code leaves the room running and is
/// retried.
/// </summary>
public sealed class EdgeEnrolmentTests() : EdgeHostTests("edge-enrolment")
{
    [Fact]
    public async Task An_edge_without_a_certificate_enrols_once_with_its_code_and_presents_the_certificate_on_every_call()
    {
        var data = Scratch.CreateSubdirectory("data");
        await using (var edge = new EdgeHarness(data, FreeTcpPort.Next(), Server.Url))
        {
            await edge.StartAsync();
            await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");
        }

        Assert.Equal(1, Server.EnrolCalls);
        Assert.NotEmpty(Server.CallerCertificates);
        Assert.All(Server.CallerCertificates, edgeId => Assert.Equal("edge-sensory-1", edgeId));
        var key = Path.Combine(data, "edge.key");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        using (var saved = X509Certificate2.CreateFromPemFile(Path.Combine(data, "edge.crt"), key))
        {
            Assert.Equal("edge-sensory-1", saved.GetNameInfo(X509NameType.SimpleName, false));
            Assert.True(saved.HasPrivateKey);
        }

        // Restarted: the saved certificate is used, no second enrolment.
        var calls = Server.CallerCertificates.Count;
        await using var restarted = new EdgeHarness(data, FreeTcpPort.Next(), Server.Url);
        await restarted.StartAsync();
        await EdgeHarness.Until(() => Task.FromResult(Server.CallerCertificates.Count > calls), "a call after the restart");
        Assert.Equal(1, Server.EnrolCalls);
        Assert.All(Server.CallerCertificates, edgeId => Assert.Equal("edge-sensory-1", edgeId));
    }

    [Fact]
    public async Task A_refused_code_is_logged_the_room_keeps_running_and_the_enrolment_is_retried()
    {
        var data = Scratch.CreateSubdirectory("refused");
        await using var edge = new EdgeHarness(data, FreeTcpPort.Next(), Server.Url, extraArgs: ["--Server:EnrolmentCode=not-the-code"]);
        edge.Logs.ExpectError("LogEnrolmentFailed");
        await edge.StartAsync();
        await EdgeHarness.Until(() => Task.FromResult(Server.EnrolCalls >= 2), "a retried enrolment");
        Assert.True(edge.IsRunning);
        Assert.Empty(Server.CallerCertificates);
        Assert.False(File.Exists(Path.Combine(data, "edge.crt")));
        Assert.Contains(edge.Logs.Lines, l => l.Contains("Enrolment of edge edge-sensory-1", StringComparison.Ordinal)
            && l.Contains("PermissionDenied", StringComparison.Ordinal) && l.Contains("keeps running offline", StringComparison.Ordinal));
        Assert.DoesNotContain(edge.Logs.Lines, l => l.Contains("not-the-code", StringComparison.Ordinal));
        // The panel still answers: the room runs.
        _ = await edge.StateAsync();
    }

    [Fact]
    public async Task A_refused_certificate_is_set_aside_and_the_edge_enrols_again_with_its_code()
    {
        var data = Scratch.CreateSubdirectory("again");
        await using var edge = new EdgeHarness(data, FreeTcpPort.Next(), Server.Url);
        await edge.StartAsync();
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");
        var first = await File.ReadAllTextAsync(Path.Combine(data, "edge.crt"));

        Server.RefuseCertificates = true;
        await EdgeHarness.Until(() => Task.FromResult(Server.EnrolCalls == 2), "a second enrolment");
        Server.RefuseCertificates = false;
        Assert.True(File.Exists(Path.Combine(data, "edge.crt.refused")));
        await EdgeHarness.Until(() => Task.FromResult(File.Exists(Path.Combine(data, "edge.crt"))), "the new certificate");
        Assert.NotEqual(first, await File.ReadAllTextAsync(Path.Combine(data, "edge.crt")));
        Assert.Contains(edge.Logs.Lines, l => l.Contains("enrolling again with Server:EnrolmentCode", StringComparison.Ordinal));
    }
}
