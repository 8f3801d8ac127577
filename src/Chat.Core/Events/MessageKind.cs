namespace Chat.Core.Events;

/// <summary>What a room message is: said, or done (<c>/me</c>, IRC's CTCP ACTION).</summary>
public enum MessageKind : byte
{
    Message,
    Action,
}
