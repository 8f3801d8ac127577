using System.Net.Sockets;
using Chat.Host;
using Microsoft.Extensions.Hosting;

if (!ChatHostBuilder.TryBuild(args, out IHost app, out ListenerOptions listener, out string error))
{
    Console.Error.WriteLine(error);
    return 1;
}

using (app)
{
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
}
return 0;
