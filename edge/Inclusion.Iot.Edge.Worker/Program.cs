using System.Globalization;
using Inclusion.Iot.Edge.Domain.Localisation;
using Inclusion.Iot.Edge.Worker.Hosting;

// Invariant globalization (no ICU) reads no LANG: the edge picks its language from the environment itself.
CultureInfo.DefaultThreadCurrentUICulture = EdgeCultures.FromEnvironment(Environment.GetEnvironmentVariable);
return await EdgeApplication.RunAsync(args).ConfigureAwait(false);
