using System.Globalization;
using Inclusion.Iot.Edge.PowerCut;
using Inclusion.Iot.Edge.Worker.Storage;

// Usage: Inclusion.Iot.Edge.PowerCut <database path> [max events]
// Prints "opened", then one line per commit once EdgeStore.Commit has returned (see OutboxBurst).
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: Inclusion.Iot.Edge.PowerCut <database path> [max events]");
    return 2;
}

var maxEvents = args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : OutboxBurst.DefaultMaxEvents;
using var store = new EdgeStore(args[0]);
using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
output.WriteLine(OutboxBurst.OpenedLine);
new OutboxBurst(store, output).Run(maxEvents);
return 0;
