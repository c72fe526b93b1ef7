using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Inclusion.Iot.Testing;

/// <summary>
/// A server process started by a fixture: its output is kept (bounded) for error messages, and
/// disposing it stops it politely first, then kills the whole process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 32 * 1024;
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();
    private readonly int _stopSignal;
    private int _disposed;

    private ChildProcess(Process process, string name, int stopSignal)
    {
        _process = process;
        Name = name;
        _stopSignal = stopSignal;
    }

    /// <summary>Short name used in messages (the executable's file name).</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last output lines (stdout and stderr interleaved), for error messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/>. Throws <see cref="FileNotFoundException"/> naming the
    /// binary and the test command when it is missing, so a test fails instead of skipping.
    /// </summary>
    /// <param name="stopSignal">
    /// The signal that asks this server for a clean shutdown (SIGTERM by default; PostgreSQL wants SIGINT,
    /// because SIGTERM waits for pooled client connections to go away).
    /// </param>
    /// <param name="standardOutputLine">
    /// Called with the process and each stdout line as it arrives, on the thread that reads stdout, for tests that
    /// follow a protocol on stdout (and may <see cref="Kill"/> at an exact line); the line is kept in <see cref="Output"/> as well.
    /// </param>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        ChildProcessStopSignal stopSignal = ChildProcessStopSignal.Terminate,
        Action<ChildProcess, string>? standardOutputLine = null)
    {
        RequiredBinary.EnsureExists(fileName);

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(
            process,
            Path.GetFileName(fileName),
            stopSignal == ChildProcessStopSignal.Interrupt ? SigInt : SigTerm);
        process.OutputDataReceived += (_, e) =>
        {
            child.Append(e.Data);
            if (e.Data is not null)
            {
                standardOutputLine?.Invoke(child, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Runs a short command to completion; throws with its output when it fails or runs past the timeout.
    /// </summary>
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        await using var child = Start(fileName, arguments);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await child._process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{child.Name} {string.Join(' ', arguments)} did not finish within {timeout}. Output:\n{child.Output}");
        }

        if (child._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{child.Name} {string.Join(' ', arguments)} exited with code {child._process.ExitCode}. Output:\n{child.Output}");
        }

        return child.Output;
    }

    /// <summary>The exit code; only valid once <see cref="HasExited"/> is true.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Kills the process tree at once (SIGKILL): a power cut, as far as the process can tell.</summary>
    public async Task KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        // The parameterless wait also waits for the process to be reaped, so ExitCode is its final value (a killed
        // process read too early has been seen to report a different code than the one printed a moment later).
        _process.WaitForExit();
    }

    /// <summary>Sends SIGKILL to the process tree and returns at once; <see cref="KillAsync"/> also waits for the exit.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for the process to exit by itself; throws with its output after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}. Output:\n{Output}");
        }

        // The asynchronous output readers may still be flushing: one more wait without a token drains them.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Throws with the process output when it has already exited (it cannot become ready any more).</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException(
                $"{Name} exited with code {_process.ExitCode} before it was ready. Output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                // A clean stop first (no stale lock files or shared memory), then the whole tree by force.
                _ = SendSignal(_process.Id, _stopSignal);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The process was never started or is already gone: nothing left to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
            if (_output.Length > MaxOutputChars)
            {
                // Keep the tail: the last lines say why a server did not come up.
                _output.Remove(0, _output.Length - MaxOutputChars);
            }
        }
    }

    private static int SendSignal(int pid, int signal) => OperatingSystem.IsWindows() ? -1 : Kill(pid, signal);

    // Process.Kill only sends SIGKILL; a polite stop needs kill(2).
    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
