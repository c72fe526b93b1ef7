using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Channel;

namespace Inclusion.Iot.Edge.Worker.Mqtt;

/// <summary>
/// The edge's MQTT socket, as MQTTnet's stream provider hands it to the client (TLS, when on, is layered over it by the
/// client). Two things MQTTnet's own TCP stream does not do:
/// <list type="bullet">
/// <item>Reads are buffered: MQTTnet reads a packet's fixed header, its length bytes and its body in separate reads, each
/// a receive call on an unbuffered socket; here one receive serves them all.</item>
/// <item>Writes can be held for a batch (<see cref="HoldWrites"/>): a decision publishes its state, commands and events
/// back to back, and they leave in one write when the batch ends instead of a write each (and a read each for the
/// broker). Whatever else is written meanwhile (a keep-alive, an acknowledgement) joins the batch in its order.</item>
/// </list>
/// Reads come from the client's one receive loop; writes from any thread.
/// </summary>
public sealed class BatchingStream : Stream, IMqttClientStreamEndPoints
{
    /// <summary>A batch past this is written at once and goes on held: nothing waits on memory.</summary>
    public const int MaxHeldBytes = 64 * 1024;

    private readonly Stream _inner;
    private readonly byte[] _readBuffer;
    private int _readStart;
    private int _readEnd;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    /// <summary>The held writes; touched only under <see cref="_writeGate"/>.</summary>
    private readonly MemoryStream _held = new();
    /// <summary>Its length, for <see cref="HeldBytes"/>, which is read without the gate.</summary>
    private long _heldBytes;
    private int _holds;

    public BatchingStream(Stream inner, int readBufferSize = 8192, EndPoint? localEndPoint = null, EndPoint? remoteEndPoint = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(readBufferSize, 16);
        _inner = inner;
        _readBuffer = new byte[readBufferSize];
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
    }

    public EndPoint? LocalEndPoint { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Bytes written and not yet sent (held for the batch).</summary>
    public long HeldBytes => Volatile.Read(ref _heldBytes);

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Holds every write until the returned batch is disposed, which sends them in one write. Batches nest: the writes
    /// go when the outermost ends. Only for writes that need no answer before the batch ends (QoS 0): an acknowledged
    /// publish inside a batch would wait for an acknowledgement of a packet not yet sent.
    /// </summary>
    public HeldWrites HoldWrites()
    {
        Interlocked.Increment(ref _holds);
        return new HeldWrites(this);
    }

    /// <summary>Ends a batch. A send that fails closes the socket, so the client's receive loop sees the connection gone and reconnects.</summary>
    private async ValueTask ReleaseAsync()
    {
        if (Interlocked.Decrement(ref _holds) > 0) return;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Another batch may have begun since: it sends what is held when it ends.
            if (Volatile.Read(ref _holds) == 0) await SendHeldAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _inner.Dispose();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Under the write gate.</summary>
    private async ValueTask SendHeldAsync(CancellationToken cancellationToken)
    {
        if (_held.Length == 0) return;
        try
        {
            await _inner.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _held.SetLength(0);
            Volatile.Write(ref _heldBytes, 0);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_writeGate.Wait(0)) await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _holds) > 0)
            {
                Hold(buffer.Span);
                if (_held.Length >= MaxHeldBytes) await SendHeldAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            // Anything held by a batch that ended while this write waited goes first, in one write with it.
            if (_held.Length > 0)
            {
                Hold(buffer.Span);
                await SendHeldAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Under the write gate.</summary>
    private void Hold(ReadOnlySpan<byte> bytes)
    {
        _held.Write(bytes);
        Volatile.Write(ref _heldBytes, _held.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        if (_readStart == _readEnd)
        {
            // A read as large as the buffer goes straight to the socket; a small one fills the buffer.
            if (buffer.Length >= _readBuffer.Length) return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _readStart = 0;
            _readEnd = await _inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
            if (_readEnd == 0) return 0;
        }

        var count = Math.Min(buffer.Length, _readEnd - _readStart);
        _readBuffer.AsSpan(_readStart, count).CopyTo(buffer.Span);
        _readStart += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The held bytes stay readable (a MemoryStream holds nothing to release): a batch that ends after its connection
        // closed finds nothing to send or fails on the closed socket, and never on its own buffer.
        if (disposing) _inner.Dispose();

        base.Dispose(disposing);
    }

    /// <summary>A batch of writes (see <see cref="HoldWrites"/>); disposing it sends them.</summary>
    public readonly struct HeldWrites : IAsyncDisposable
    {
        private readonly BatchingStream? _stream;

        internal HeldWrites(BatchingStream stream) => _stream = stream;

        public ValueTask DisposeAsync() => _stream?.ReleaseAsync() ?? ValueTask.CompletedTask;
    }
}

/// <summary>Connects the MQTT client's socket as MQTTnet's own TCP channel would (Nagle off, linger), wrapped in a <see cref="BatchingStream"/>.</summary>
public sealed class BatchingStreamProvider : IMqttClientStreamProvider
{
    private volatile BatchingStream? _current;

    /// <summary>The stream of the latest connection (null before the first).</summary>
    public BatchingStream? Current => _current;

    public async Task<Stream> ConnectAsync(EndPoint brokerEndPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brokerEndPoint);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        try
        {
            await socket.ConnectAsync(brokerEndPoint, cancellationToken).ConfigureAwait(false);
            var stream = new BatchingStream(new NetworkStream(socket, ownsSocket: true), localEndPoint: socket.LocalEndPoint, remoteEndPoint: socket.RemoteEndPoint);
            _current = stream;
            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
