namespace Chat.Core.History;

/// <summary>
/// One room message as the history store keeps it. The room assigns <paramref name="Sequence"/>
/// (strictly increasing per room, its place in the room's one order); the store only keeps
/// the order it is given and never compares names: <paramref name="RoomKey"/> is the room's
/// match key as the directory computes it, <paramref name="Room"/> its display name.
/// </summary>
/// <param name="Time">When the room accepted the message, in UTC.</param>
/// <param name="Id">The message's id (e.g. an IRC msgid), chosen by the caller.</param>
public readonly record struct StoredMessage(
    string RoomKey,
    string Room,
    long Sequence,
    DateTimeOffset Time,
    string Id,
    string Sender,
    string Text,
    StoredMessageKind Kind);
