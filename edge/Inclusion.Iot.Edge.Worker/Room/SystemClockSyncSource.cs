using System.Runtime.InteropServices;

namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>
/// Linux: synchronised when systemd-timesyncd has created its flag file, or when the kernel's NTP state
/// (<c>adjtimex(2)</c>, read-only) says so — which also covers chrony and ntpd. Anything else is
/// <see cref="ClockSyncState.Unknown"/>.
/// </summary>
public sealed class SystemClockSyncSource : IClockSyncSource
{
    /// <summary>systemd-timesyncd creates this once it has synchronised the clock (it is on tmpfs: gone at reboot).</summary>
    public const string TimesyncdFlagPath = "/run/systemd/timesync/synchronized";

    // adjtimex(2): the return value is the clock state; TIME_ERROR, or STA_UNSYNC in status, means not synchronised.
    private const int TimeError = 5;
    private const int StaUnsync = 0x0040;

    private readonly string _flagPath;

    public SystemClockSyncSource()
        : this(TimesyncdFlagPath)
    {
    }

    /// <summary>For tests: another flag file.</summary>
    internal SystemClockSyncSource(string flagPath) => _flagPath = flagPath;

    public ClockSyncState Probe()
    {
        if (!OperatingSystem.IsLinux()) return ClockSyncState.Unknown;
        return File.Exists(_flagPath) ? ClockSyncState.Synchronised : ProbeKernel();
    }

    /// <summary>The kernel's NTP state, read with <c>adjtimex(2)</c> (modes 0: nothing is changed, no privilege needed).</summary>
    public static ClockSyncState ProbeKernel()
    {
        if (!OperatingSystem.IsLinux()) return ClockSyncState.Unknown;
        try
        {
            var timex = default(Timex);
            var state = Adjtimex(ref timex);
            if (state < 0) return ClockSyncState.Unknown;
            return state == TimeError || (timex.Status & StaUnsync) != 0 ? ClockSyncState.Unsynchronised : ClockSyncState.Synchronised;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException or BadImageFormatException)
        {
            return ClockSyncState.Unknown;
        }
    }

    [DllImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Adjtimex(ref Timex buffer);

    /// <summary>
    /// glibc's <c>struct timex</c> (&lt;sys/timex.h&gt;): 208 bytes on 64-bit Linux (x64 and arm64 alike), where C
    /// <c>long</c> is 8 bytes and each <c>int</c> before a <c>long</c> is padded to 8. <see cref="CLong"/> keeps the
    /// layout right on 32-bit Linux too (128 bytes, glibc's legacy <c>adjtimex</c> symbol).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timex
    {
        public uint Modes;
        public CLong Offset;
        public CLong Frequency;
        public CLong MaxError;
        public CLong EstError;
        public int Status;
        public CLong Constant;
        public CLong Precision;
        public CLong Tolerance;
        public CLong TimeSeconds; // struct timeval time: tv_sec
        public CLong TimeMicroseconds; // tv_usec
        public CLong Tick;
        public CLong PpsFrequency;
        public CLong Jitter;
        public int Shift;
        public CLong Stability;
        public CLong JitterCount;
        public CLong CalibrationCount;
        public CLong ErrorCount;
        public CLong StabilityCount;
        public int Tai;

        // int :32; ×11 — room the kernel reserves, and writes.
        public int Reserved1;
        public int Reserved2;
        public int Reserved3;
        public int Reserved4;
        public int Reserved5;
        public int Reserved6;
        public int Reserved7;
        public int Reserved8;
        public int Reserved9;
        public int Reserved10;
        public int Reserved11;
    }
}
