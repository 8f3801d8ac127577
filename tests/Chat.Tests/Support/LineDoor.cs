using Chat.Core.Protocol;

namespace Chat.Tests.Support;

/// <summary>The line door's renderer, for tests that drive the chat model without a server.</summary>
internal static class LineDoor
{
    public static readonly LineRenderer Renderer = new(TimeProvider.System);
}
