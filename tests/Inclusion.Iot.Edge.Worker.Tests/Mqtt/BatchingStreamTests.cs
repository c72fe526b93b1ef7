using System.Text;
using Inclusion.Iot.Edge.Worker.Mqtt;
using Inclusion.Iot.Testing;
using MQTTnet;

namespace Inclusion.Iot.Edge.Worker.Tests;

public sealed class BatchingStreamTests
{
    [Fact]
    public async Task Writes_held_for_a_batch_go_in_one_write_in_their_order_with_one_from_another_thread()
    {
        var socket = new RecordingStream();
        using var stream = new BatchingStream(socket);

        var batch = stream.HoldWrites();
        await stream.WriteAsync("state;"u8.ToArray());
        await Task.Run(async () => await stream.WriteAsync("ping;"u8.ToArray()));
        await stream.WriteAsync("event;"u8.ToArray());
        Assert.Empty(socket.Writes);
        Assert.Equal(17, stream.HeldBytes);

        await batch.DisposeAsync();

        Assert.Equal(["state;ping;event;"], socket.Writes);
        Assert.Equal(0, stream.HeldBytes);
    }

    [Fact]
    public async Task Nested_batches_send_when_the_outermost_ends()
    {
        var socket = new RecordingStream();
        using var stream = new BatchingStream(socket);

        var outer = stream.HoldWrites();
        var inner = stream.HoldWrites();
        await stream.WriteAsync("a"u8.ToArray());
        await inner.DisposeAsync();
        Assert.Empty(socket.Writes);
        await stream.WriteAsync("b"u8.ToArray());
        await outer.DisposeAsync();

        Assert.Equal(["ab"], socket.Writes);
    }

    [Fact]
    public async Task Without_a_batch_each_write_goes_at_once()
    {
        var socket = new RecordingStream();
        using var stream = new BatchingStream(socket);

        await stream.WriteAsync("a"u8.ToArray());
        await stream.WriteAsync("b"u8.ToArray());

        Assert.Equal(["a", "b"], socket.Writes);
    }

    [Fact]
    public async Task A_batch_past_its_limit_is_sent_at_once_and_goes_on_holding()
    {
        var socket = new RecordingStream();
        using var stream = new BatchingStream(socket);

        var batch = stream.HoldWrites();
        await stream.WriteAsync(new byte[BatchingStream.MaxHeldBytes - 1]);
        Assert.Empty(socket.Writes);
        await stream.WriteAsync("xy"u8.ToArray());
        Assert.Single(socket.Writes);
        Assert.Equal(BatchingStream.MaxHeldBytes + 1, socket.Bytes[0].Length);
        await stream.WriteAsync("z"u8.ToArray());
        Assert.Single(socket.Writes);
        await batch.DisposeAsync();

        Assert.Equal("z", socket.Writes[1]);
    }

    [Fact]
    public async Task A_failed_send_closes_the_socket_and_says_so()
    {
        var socket = new RecordingStream { FailWrites = true };
        using var stream = new BatchingStream(socket);

        var batch = stream.HoldWrites();
        await stream.WriteAsync("a"u8.ToArray());

        await Assert.ThrowsAsync<IOException>(async () => await batch.DisposeAsync());
        Assert.True(socket.Disposed);
        Assert.Equal(0, stream.HeldBytes);
    }

    [Fact]
    public async Task A_batch_that_ends_after_its_connection_closed_sends_nothing_and_throws_nothing()
    {
        var socket = new RecordingStream();
        var stream = new BatchingStream(socket);

        var batch = stream.HoldWrites();
        await stream.DisposeAsync();
        await batch.DisposeAsync();

        Assert.Empty(socket.Writes);
        Assert.True(socket.Disposed);
    }

    [Fact]
    public async Task Small_reads_are_served_from_one_receive()
    {
        var socket = new RecordingStream();
        socket.Incoming.Enqueue(Encoding.ASCII.GetBytes("0123456789"));
        using var stream = new BatchingStream(socket, readBufferSize: 64);

        var header = new byte[2];
        var length = new byte[1];
        var body = new byte[7];
        Assert.Equal(2, await stream.ReadAsync(header));
        Assert.Equal(1, await stream.ReadAsync(length));
        Assert.Equal(7, await stream.ReadAsync(body));

        Assert.Equal(1, socket.Reads);
        Assert.Equal("0123456789", Encoding.ASCII.GetString([.. header, .. length, .. body]));
    }

    [Fact]
    public async Task A_read_is_never_given_more_than_the_receive_brought_and_a_closed_socket_reads_zero()
    {
        var socket = new RecordingStream();
        socket.Incoming.Enqueue("abc"u8.ToArray());
        using var stream = new BatchingStream(socket, readBufferSize: 64);

        var buffer = new byte[10];
        Assert.Equal(3, await stream.ReadAsync(buffer));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task A_read_as_large_as_the_buffer_goes_straight_to_the_socket()
    {
        var socket = new RecordingStream();
        socket.Incoming.Enqueue(new byte[100]);
        using var stream = new BatchingStream(socket, readBufferSize: 16);

        Assert.Equal(100, await stream.ReadAsync(new byte[200]));
        Assert.Equal(1, socket.Reads);
    }

    private sealed class RecordingStream : Stream
    {
        public List<byte[]> Bytes { get; } = [];

        public List<string> Writes => [.. Bytes.Select(b => Encoding.ASCII.GetString(b))];

        public Queue<byte[]> Incoming { get; } = new();

        public int Reads { get; private set; }

        public bool FailWrites { get; init; }

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (FailWrites) throw new IOException("The connection was reset.");
            lock (Bytes) Bytes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            if (!Incoming.TryDequeue(out var chunk)) return ValueTask.FromResult(0);
            chunk.CopyTo(buffer);
            return ValueTask.FromResult(chunk.Length);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

/// <summary>The MQTT client on <see cref="BatchingStreamProvider"/> against a real Mosquitto.</summary>
public sealed class BatchingStreamBrokerTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task Publishes_held_for_a_batch_reach_a_subscriber_only_when_it_ends_and_in_their_order()
    {
        var received = new List<string>();
        var arrived = new SemaphoreSlim(0);
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            lock (received) received.Add(e.ApplicationMessage.ConvertPayloadToString());
            arrived.Release();
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(Options("batch-subscriber").Build());
        await subscriber.SubscribeAsync("batch/test");

        var streams = new BatchingStreamProvider();
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(Options("batch-publisher").WithoutPacketFragmentation().WithStreamProvider(streams).Build());
        using var marker = new MqttClientFactory().CreateMqttClient();
        await marker.ConnectAsync(Options("batch-marker").Build());

        var batch = streams.Current!.HoldWrites();
        foreach (var text in new[] { "state", "light", "event" }) await publisher.PublishStringAsync("batch/test", text);
        Assert.True(streams.Current.HeldBytes > 0);
        // The barrier: a message published after the held ones, on another connection, has been delivered.
        await marker.PublishStringAsync("batch/test", "marker");
        await arrived.WaitAsync(TimeSpan.FromSeconds(10));
        lock (received) Assert.Equal(["marker"], received);

        await batch.DisposeAsync();
        for (var i = 0; i < 3; i++) Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), "a held publish did not arrive");
        lock (received) Assert.Equal(["marker", "state", "light", "event"], received);
        Assert.Equal(0, streams.Current.HeldBytes);

        // Outside a batch the connection works as before, subscriptions and acknowledged publishes included.
        await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("batch/test").WithPayload("after").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)));
        lock (received) Assert.Equal("after", received[^1]);
    }

    private MqttClientOptionsBuilder Options(string clientId) =>
        new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithCredentials(broker.Username, broker.Password).WithClientId(clientId);
}
