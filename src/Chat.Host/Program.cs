using System.Net.Sockets;
using Chat.Core;
using Chat.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);

if (!ChatSettings.TryRead(builder.Configuration, out ListenerOptions listener, out ChatOptions options, out string error))
{
    Console.Error.WriteLine(error);
    return 1;
}

builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss ";
});
builder.Services.AddSingleton(listener);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ChatServer>();
builder.Services.AddHostedService<ChatListenerService>();
// Connections drain for ShutdownDrain; the host must not give up on them sooner.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownDrain + TimeSpan.FromSeconds(1));

using IHost app = builder.Build();
try
{
    await app.StartAsync();
}
catch (SocketException ex)
{
    Console.Error.WriteLine($"Cannot listen on {listener.EndPoint}: {ex.Message}");
    return 1;
}
await app.WaitForShutdownAsync();
return 0;
