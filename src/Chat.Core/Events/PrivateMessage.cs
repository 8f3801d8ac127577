namespace Chat.Core.Events;

/// <summary>A message from one user to another; never kept in history.</summary>
/// <param name="Text">The cleaned text, UTF-8.</param>
public readonly record struct PrivateMessage(string From, string To, DateTimeOffset Time, ReadOnlyMemory<byte> Text);
