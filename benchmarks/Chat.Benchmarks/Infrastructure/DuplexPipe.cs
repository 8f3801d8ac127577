using System.IO.Pipelines;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>One connection's two directions, as the chat server sees them.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
