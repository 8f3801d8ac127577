using Chat.Host;
using Microsoft.Extensions.Hosting;

if (!ChatHostBuilder.TryBuild(args, out IHost app, out string error))
{
    Console.Error.WriteLine(error);
    return 1;
}

using (app)
{
    await app.StartAsync();
    await app.WaitForShutdownAsync();
}
return 0;
