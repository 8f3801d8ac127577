using Chat.Core.Events;

namespace Chat.Core.History;

/// <summary>
/// One room message as the history store keeps it. The room assigns <paramref name="Sequence"/>
/// (strictly increasing per room, its place in the room's one order); the store only keeps
/// the order it is given and never compares names: <paramref name="RoomKey"/> is the room's
/// match key as the directory computes it, <paramref name="Room"/> its display name.
/// </summary>
/// <param name="Time">When the room accepted the message, in UTC.</param>
/// <param name="Id">The message's id (e.g. an IRC msgid), chosen by the caller.</param>
/// <param name="Text">
/// UTF-8, as the room holds it and SQLite stores it: a message becomes a stored one without a
/// copy, so appending allocates nothing (the bytes stay shared with the room's renderings).
/// </param>
public readonly record struct StoredMessage(
    string RoomKey,
    string Room,
    long Sequence,
    DateTimeOffset Time,
    long Id,
    string Sender,
    ReadOnlyMemory<byte> Text,
    StoredMessageKind Kind)
{
    /// <summary><paramref name="message"/>, as sequenced by its room, under the room's key.</summary>
    public static StoredMessage Of(in RoomMessage message, string roomKey) => new(
        roomKey, message.Room, message.Sequence, message.Time, message.Id, message.Sender, message.Text,
        message.Kind == MessageKind.Action ? StoredMessageKind.Action : StoredMessageKind.Message);

    /// <summary>The room message again, with no rendering yet (a door renders it on its first replay).</summary>
    public RoomMessage ToRoomMessage() => new(
        Room, Sequence, Time, Id, Sender, Kind == StoredMessageKind.Action ? MessageKind.Action : MessageKind.Message, Text, default);
}
