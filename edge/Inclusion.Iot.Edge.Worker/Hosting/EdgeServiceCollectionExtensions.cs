using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices;
using Inclusion.Iot.Edge.Devices.Hardware;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Worker.HomeAssistant;
using Inclusion.Iot.Edge.Worker.Mqtt;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Edge.Worker.Storage;
using Inclusion.Iot.Edge.Worker.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Hosting;

/// <summary>Composition of the edge, one responsibility per method.</summary>
/// <remarks>
/// Two clocks, both the system clock in production. The registered <see cref="TimeProvider"/> is the room's: its
/// one-second tick, escort window and session timers, the panel's countdown, the store's timestamps. A test may replace
/// that registration with a fake clock (<see cref="EdgeApplication.Build"/>'s <c>configure</c>). What deals with the
/// world in real time stays on <see cref="WallClock"/> whatever the room's clock is: the MQTT reconnects, the server
/// sync (its gRPC deadlines are instants the other side checks against its own clock) and the device drivers (fades,
/// polling, debounce of real lamps and pins).
/// </remarks>
public static class EdgeServiceCollectionExtensions
{
    /// <summary>The clock of network and device I/O: always the system clock.</summary>
    private static TimeProvider WallClock => TimeProvider.System;

    public static IServiceCollection AddEdgeOptions(this IServiceCollection services)
    {
        services.AddSingleton<EdgeOptionsValidation>();
        services.AddSingleton<IValidateOptions<EdgeOptions>>(sp => sp.GetRequiredService<EdgeOptionsValidation>());
        services.AddSingleton<IValidateOptions<ServerOptions>>(sp => sp.GetRequiredService<EdgeOptionsValidation>());
        services.AddSingleton<IValidateOptions<MqttOptions>>(sp => sp.GetRequiredService<EdgeOptionsValidation>());
        services.AddSingleton<IValidateOptions<PanelOptions>>(sp => sp.GetRequiredService<EdgeOptionsValidation>());
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateOnStart();
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateOnStart();
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.SectionName).ValidateOnStart();
        services.AddOptions<PanelOptions>().BindConfiguration(PanelOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The edge's one <see cref="EdgeClock"/>, its <c>Clock</c> options (validated at start), and the system's word on
    /// synchronisation (a test may register its own <see cref="IClockSyncSource"/>, before or after).
    /// </summary>
    public static IServiceCollection AddEdgeClock(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ClockOptions>>(sp => sp.GetRequiredService<EdgeOptionsValidation>());
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClockSyncSource, SystemClockSyncSource>();
        services.TryAddSingleton<EdgeClock>();
        return services;
    }

    /// <summary>The room file and its devices; the file is read (and a bad one stops start-up) when the room starts.</summary>
    public static IServiceCollection AddRoomDevices(this IServiceCollection services)
    {
        services.AddSingleton(sp => RoomFileLoader.Load(sp.GetRequiredService<IOptions<EdgeOptions>>().Value.RoomConfigPath, "Edge:RoomConfigPath"));
        services.AddSingleton(sp => new SimulatedRoomHardware(sp.GetRequiredService<RoomDefinition>(), WallClock));
        services.AddSingleton(sp => RoomDevices.Open(
            sp.GetRequiredService<RoomDefinition>(),
            new MqttConnectionPublisher(sp.GetRequiredService<MqttConnection>()),
            () => sp.GetRequiredService<IOptions<EdgeOptions>>().Value.Hardware == EdgeOptions.HardwareSimulated
                ? sp.GetRequiredService<SimulatedRoomHardware>().Buses
                : new SystemDeviceBuses(),
            WallClock,
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>The embedded broker (when enabled) starts before the connection that may use it.</summary>
    public static IServiceCollection AddEdgeMqtt(this IServiceCollection services)
    {
        services.AddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<MqttConnection>(sp, WallClock));
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        services.AddHomeAssistantDiscovery();
        return services;
    }

    public static IServiceCollection AddEdgeStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => new EdgeStore(Path.Combine(DataDirectory(sp), "edge.db"), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<WalCheckpointer>(sp, WallClock));
        services.AddSingleton(sp => new ConfigurationCache(DataDirectory(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ConfigurationCache>>()));
        return services;
    }

    /// <summary>The room itself: registered before the MQTT connection starts so its subscriptions are in place.</summary>
    public static IServiceCollection AddRoom(this IServiceCollection services)
    {
        services.AddSingleton<RoomService>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomService>());
        return services;
    }

    public static IServiceCollection AddServerSync(this IServiceCollection services)
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EdgeIdentity>(sp, WallClock));
        // Every call over TLS: the server checked against the pinned CA, the edge's own certificate presented.
        services.AddGrpcClient<EdgeGateway.EdgeGatewayClient>((sp, o) => o.Address = new Uri(sp.GetRequiredService<IOptions<ServerOptions>>().Value.Url))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<EdgeIdentity>().CreateHandler());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConfigurationSync>(sp, WallClock));
        services.AddHostedService(sp => sp.GetRequiredService<ConfigurationSync>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxUploader>(sp, WallClock));
        services.AddHostedService(sp => sp.GetRequiredService<OutboxUploader>());
        return services;
    }

    /// <summary>The heap given back after a burst (<see cref="HeapTrimmer"/>).</summary>
    public static IServiceCollection AddHeapTrimmer(this IServiceCollection services)
    {
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<HeapTrimmer>(sp, WallClock));
        return services;
    }

    private static string DataDirectory(IServiceProvider sp)
    {
        var directory = Path.GetFullPath(sp.GetRequiredService<IOptions<EdgeOptions>>().Value.DataDirectory);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
