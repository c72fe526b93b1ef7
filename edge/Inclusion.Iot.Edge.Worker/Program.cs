using Inclusion.Iot.Edge.Worker.Hosting;

return await EdgeApplication.RunAsync(args).ConfigureAwait(false);
