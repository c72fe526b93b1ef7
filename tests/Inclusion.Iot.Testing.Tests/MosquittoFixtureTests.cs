using System.Text;
using MQTTnet;

namespace Inclusion.Iot.Testing.Tests;

public sealed class MosquittoFixtureTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task Accepts_the_generated_credentials_and_delivers_messages()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };

        var connect = await client.ConnectAsync(Options(broker.Username, broker.Password));
        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        await client.SubscribeAsync("fixture/echo");
        await client.PublishStringAsync("fixture/echo", "hello");

        Assert.Equal("hello", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Refuses_a_wrong_password()
    {
        var code = await ConnectResultAsync(Options(broker.Username, "wrong-password"));
        Assert.True(code is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized, code.ToString());
    }

    [Fact]
    public async Task Refuses_anonymous_clients()
    {
        var options = new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        var code = await ConnectResultAsync(options);
        Assert.True(code is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized, code.ToString());
    }

    private static async Task<MqttClientConnectResultCode> ConnectResultAsync(MqttClientOptions options)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(options);
        return result.ResultCode;
    }

    private MqttClientOptions Options(string username, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithCredentials(username, password)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
}
