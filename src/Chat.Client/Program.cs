using System.Runtime.InteropServices;
using Chat.Client;
using Chat.Client.Modes;

// Ctrl+C (and a plain SIGINT or SIGTERM) asks the client to leave the way /quit does,
// instead of killing it mid-line. In a terminal Ctrl+C arrives as a key; this covers the rest.
using var interrupt = new CancellationTokenSource();
void Quit(PosixSignalContext context)
{
    context.Cancel = true;
    interrupt.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Quit);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Quit);

return await ClientApp.RunAsync(args, ClientConsole.FromProcess(), interrupt.Token);
