namespace Chat.Core.History;

/// <summary>A room that has stored history: its match key and its latest display name.</summary>
public readonly record struct StoredRoom(string RoomKey, string Room);
