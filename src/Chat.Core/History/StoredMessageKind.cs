namespace Chat.Core.History;

/// <summary>What a stored room line was: a plain message or a <c>/me</c> action.</summary>
public enum StoredMessageKind
{
    Message = 0,
    Action = 1,
}
