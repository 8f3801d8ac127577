using System.IO.Pipelines;

namespace Chat.Testing;

/// <summary>
/// One connection's two directions as one <see cref="IDuplexPipe"/>: how tests, benchmarks and
/// the fuzzer hand in-memory connections to the chat server (and the client).
/// </summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
