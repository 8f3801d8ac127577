using System.Text;
using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Irc;

/// <summary>
/// A registered IRC user's commands mapped onto the chat (PROTOCOL.md, "The IRC door"): channels
/// are rooms, PRIVMSG and NOTICE are room or private messages, and names, limits and cleaning
/// are the line door's.
/// </summary>
internal sealed class IrcCommands(ChatServer server, ChatUser user, IrcSession session)
{
    /// <summary>The longest channel name: '#' and a room name.</summary>
    public const int ChannelLength = NameRules.MaxRunes + 1;

    private readonly IrcRenderer _irc = server.IrcDoor;
    private readonly ChatDirectory _directory = server.Directory;

    private string Nick => user.Name;

    /// <summary>A parameter as text; invalid UTF-8 becomes U+FFFD.</summary>
    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>001 to 005 and 422: what a client waits for before it joins anything.</summary>
    public void Welcome()
    {
        session.Numeric("001", $":Welcome to the chat, {Nick}");
        session.Numeric("002", $":Your host is {_irc.ServerName}, running chat");
        session.Numeric("003", ":This server was created when it started");
        session.Numeric("004", $"{_irc.ServerName} chat i n");
        session.Numeric("005", $"CHANTYPES=# NICKLEN={NameRules.MaxRunes} CHANNELLEN={ChannelLength} CASEMAPPING=rfc8265 UTF8ONLY LINELEN=512 PREFIX=() CHANMODES=,,,n :are supported by this server");
        session.Numeric("422", ":MOTD File is missing");
    }

    public void Execute(in IrcMessage message, char[] chars)
    {
        if (message.Is("PRIVMSG"u8) || message.Is("NOTICE"u8))
        {
            Say(in message, chars, replyErrors: message.Is("PRIVMSG"u8));
        }
        else if (message.Is("JOIN"u8))
        {
            Join(in message);
        }
        else if (message.Is("PART"u8))
        {
            Part(in message);
        }
        else if (message.Is("NAMES"u8))
        {
            Names(in message);
        }
        else if (message.Is("WHO"u8))
        {
            Who(in message);
        }
        else if (message.Is("MODE"u8))
        {
            Mode(in message);
        }
        else if (message.Is("NICK"u8))
        {
            session.Numeric("400", "NICK :Changing nick is not supported");
        }
        else if (message.Is("USER"u8) || message.Is("PASS"u8))
        {
            session.Numeric("462", ":You may not reregister");
        }
        else if (message.Is("CAP"u8))
        {
            // A client asking for more capabilities after registration gets none.
        }
        else if (message.Is("MOTD"u8))
        {
            session.Numeric("422", ":MOTD File is missing");
        }
        else
        {
            session.Numeric("421", $"{Text(message.Command)} :Unknown command");
        }
    }

    private bool HasParameters(in IrcMessage message, int count)
    {
        if (message.ParameterCount >= count && !message[0].IsEmpty)
        {
            return true;
        }
        session.Numeric("461", $"{Text(message.Command).ToUpperInvariant()} :Not enough parameters");
        return false;
    }

    private void Join(in IrcMessage message)
    {
        if (!HasParameters(in message, 1))
        {
            return;
        }
        if (message[0].SequenceEqual("0"u8))
        {
            foreach (ChatRoom room in user.Rooms)
            {
                Leave(room);
            }
            return;
        }
        foreach (string channel in Text(message[0]).Split(','))
        {
            if (!TryRoomName(channel, out string name))
            {
                session.Numeric("403", $"{channel} :No such channel");
                continue;
            }
            if (_directory.Join(user, name) is { } room)
            {
                SendNames(room);
            }
        }
    }

    private void Part(in IrcMessage message)
    {
        if (!HasParameters(in message, 1))
        {
            return;
        }
        foreach (string channel in Text(message[0]).Split(','))
        {
            if (FindChannel(channel) is { } room)
            {
                Leave(room);
            }
        }
    }

    /// <summary>Parts <paramref name="room"/>: the others are told by the room, the user by this echo.</summary>
    private void Leave(ChatRoom room)
    {
        if (_directory.Part(user, room))
        {
            session.Send(_irc.Render(new MemberLeft(room.Name, Nick, LeaveReason.Parted)));
        }
    }

    private void Names(in IrcMessage message)
    {
        if (message.ParameterCount == 0)
        {
            session.Numeric("366", "* :End of /NAMES list");
            return;
        }
        foreach (string channel in Text(message[0]).Split(','))
        {
            if (TryRoomName(channel, out string name) && _directory.FindRoom(name) is { } room)
            {
                SendNames(room);
            }
            else
            {
                session.Numeric("366", $"{channel} :End of /NAMES list");
            }
        }
    }

    /// <summary>353 lines of names, each well under 512 bytes, then 366.</summary>
    private void SendNames(ChatRoom room)
    {
        var names = new StringBuilder();
        foreach (string name in ChatDirectory.Sorted(room.MemberNames()))
        {
            if (names.Length > 300)
            {
                session.Numeric("353", $"= #{room.Name} :{names}");
                names.Clear();
            }
            names.Append(names.Length == 0 ? "" : " ").Append(name);
        }
        if (names.Length > 0)
        {
            session.Numeric("353", $"= #{room.Name} :{names}");
        }
        session.Numeric("366", $"#{room.Name} :End of /NAMES list");
    }

    private void Who(in IrcMessage message)
    {
        string mask = message.ParameterCount > 0 ? Text(message[0]) : "*";
        if (mask.StartsWith('#'))
        {
            if (TryRoomName(mask, out string name) && _directory.FindRoom(name) is { } room)
            {
                foreach (string member in ChatDirectory.Sorted(room.MemberNames()))
                {
                    WhoReply("#" + room.Name, member);
                }
            }
        }
        else if (NameRules.TryNormalize(mask, out string nick) && _directory.FindUser(nick) is { } found)
        {
            WhoReply("*", found.Name);
        }
        session.Numeric("315", $"{mask} :End of /WHO list");
    }

    private void WhoReply(string channel, string nick) =>
        session.Numeric("352", $"{channel} {nick} {_irc.ServerName} {_irc.ServerName} {nick} H :0 {nick}");

    /// <summary>Enough of MODE for what clients ask on join: channels have no modes, users none but what they are told.</summary>
    private void Mode(in IrcMessage message)
    {
        if (!HasParameters(in message, 1))
        {
            return;
        }
        string target = Text(message[0]);
        if (!target.StartsWith('#'))
        {
            if (NameRules.Comparer.Equals(target, Nick))
            {
                session.Numeric("221", "+");
            }
            else
            {
                session.Numeric("502", ":Can't change mode for other users");
            }
            return;
        }
        if (FindChannel(target) is not { } room)
        {
            return;
        }
        if (message.ParameterCount == 1)
        {
            session.Numeric("324", $"#{room.Name} +n");
        }
        else if (message[1].SequenceEqual("b"u8) || message[1].SequenceEqual("+b"u8))
        {
            session.Numeric("368", $"#{room.Name} :End of channel ban list");
        }
        else
        {
            session.Numeric("482", $"#{room.Name} :You're not channel operator");
        }
    }

    private void Say(in IrcMessage message, char[] chars, bool replyErrors)
    {
        if (message.ParameterCount < 2 || message[1].IsEmpty)
        {
            if (replyErrors)
            {
                session.Numeric(message.ParameterCount == 0 ? "411" : "412", message.ParameterCount == 0 ? $":No recipient given ({Text(message.Command).ToUpperInvariant()})" : ":No text to send");
            }
            return;
        }
        ReadOnlySpan<byte> raw = message[1];
        MessageKind kind = MessageKind.Message;
        if (raw[0] == 1)
        {
            // CTCP: ACTION is /me; the rest (VERSION, PING ...) the chat does not answer.
            if (!raw.StartsWith("\u0001ACTION "u8))
            {
                return;
            }
            kind = MessageKind.Action;
            raw = raw["\u0001ACTION "u8.Length..];
            raw = raw.EndsWith("\u0001"u8) ? raw[..^1] : raw;
        }
        ReadOnlySpan<char> text = LineSanitizer.Clean(raw, chars);
        if (text.IsEmpty)
        {
            if (replyErrors)
            {
                session.Numeric("412", ":No text to send");
            }
            return;
        }
        int max = server.Options.MaxMessageLength;
        if (text.Length > max && Commands.CommandContext.CountRunes(text) > max)
        {
            if (replyErrors)
            {
                session.Numeric("417", $":Message too long (max {max} characters)");
            }
            return;
        }
        string target = Text(message[0]);
        if (target.StartsWith('#'))
        {
            SayInRoom(target, kind, text, replyErrors);
        }
        else
        {
            Tell(target, kind, text, replyErrors);
        }
    }

    private void SayInRoom(string channel, MessageKind kind, ReadOnlySpan<char> text, bool replyErrors)
    {
        ChatRoom? room = TryRoomName(channel, out string name) ? _directory.FindRoom(name) : null;
        if (room is null || !user.IsIn(room))
        {
            if (replyErrors)
            {
                session.Numeric(room is null ? "403" : "404", room is null ? $"{channel} :No such channel" : $"{channel} :Cannot send to channel");
            }
            return;
        }
        if (room.TryPost(_irc.Say(room.Name, _directory.NextMessageId(), Nick, kind, text), user, out _, out int recipients))
        {
            server.Metrics.MessageDelivered(recipients);
        }
        else
        {
            session.HoldForStore();
        }
    }

    private void Tell(string nick, MessageKind kind, ReadOnlySpan<char> text, bool replyErrors)
    {
        ChatUser? target = NameRules.TryNormalize(nick, out string normalized) ? _directory.FindUser(normalized) : null;
        if (target is null)
        {
            if (replyErrors)
            {
                session.Numeric("401", $"{nick} :No such nick/channel");
            }
            return;
        }
        // A private message has no kind: an action reads as IRC clients show one.
        string said = kind == MessageKind.Action ? $"* {Nick} {text}" : text.ToString();
        var message = new PrivateMessage(Nick, target.Name, server.Time.GetUtcNow(), Encoding.UTF8.GetBytes(said));
        target.Send(target.Renderer.Render(in message, toRecipient: true));
        server.Metrics.MessageDelivered(1);
    }

    /// <summary>The room a channel names, with 403 or 442 when there is none or the user is not in it.</summary>
    private ChatRoom? FindChannel(string channel)
    {
        ChatRoom? room = TryRoomName(channel, out string name) ? _directory.FindRoom(name) : null;
        if (room is null)
        {
            session.Numeric("403", $"{channel} :No such channel");
            return null;
        }
        if (!user.IsIn(room))
        {
            session.Numeric("442", $"{channel} :You're not on that channel");
            return null;
        }
        return room;
    }

    /// <summary>The room name in <paramref name="channel"/> (<c>#dev</c> is <c>dev</c>), by the line door's name rules.</summary>
    private static bool TryRoomName(string channel, out string name)
    {
        name = "";
        return channel.Length > 1 && channel[0] == '#' && NameRules.TryNormalize(channel.AsSpan(1), out name);
    }
}
