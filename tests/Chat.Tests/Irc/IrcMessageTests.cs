using System.Buffers;
using System.Text;
using Chat.Core.Irc;
using Chat.Core.Protocol;
using Chat.Testing;

namespace Chat.Tests.Irc;

/// <summary>
/// The IRC parser and framer (PROTOCOL.md, "The IRC door"): tags, source, command, middle
/// parameters and a trailing one; LF or CRLF; 510 bytes of message after the tags. Each
/// framed case runs over every split of its input into segments.
/// </summary>
public sealed class IrcMessageTests
{
    /// <summary>A line, then its parts joined by '|': tags, source, command, parameters; or "<empty>"/"<too long>".</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "PING x", "||PING|x" },
        { "ping x", "||ping|x" },
        { "NICK alice", "||NICK|alice" },
        { "USER a 0 * :Alice Liddell", "||USER|a|0|*|Alice Liddell" },
        { "PRIVMSG #dev :hi there", "||PRIVMSG|#dev|hi there" },
        { "PRIVMSG #dev ::-)", "||PRIVMSG|#dev|:-)" },
        { "PRIVMSG #dev :", "||PRIVMSG|#dev|" },
        { "PRIVMSG   #dev    hi", "||PRIVMSG|#dev|hi" },
        { ":alice!a@h PRIVMSG bob :yo", "|alice!a@h|PRIVMSG|bob|yo" },
        { "@time=1;+x=y :src CMD a b :c d", "time=1;+x=y|src|CMD|a|b|c d" },
        { "@a=b CAP LS 302", "a=b||CAP|LS|302" },
        { "CAP END", "||CAP|END" },
        { "QUIT", "||QUIT" },
        { "QUIT ", "||QUIT" },
        { "A 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "||A|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15 16" },
        { "", "<empty>" },
        { "   ", "<empty>" },
        { "@tags-only", "<empty>" },
        { ":src", "<empty>" },
        { "PRIVMSG #a :" + new string('x', 497), "||PRIVMSG|#a|" + new string('x', 497) },
        { "PRIVMSG #a :" + new string('x', 499), "<too long>" },
        { "@" + new string('t', 4095) + " PING x", "<too long>" },
        { "@" + new string('t', 4094) + " PING x", new string('t', 4094) + "||PING|x" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParsesInPlace(string line, string parts) => Assert.Equal(parts, Parse(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void FramedOverEverySplitWithCrlfOrLf(string line, string parts)
    {
        foreach (string end in new[] { "\r\n", "\n" })
        {
            byte[] bytes = Encoding.UTF8.GetBytes(line + end + "PING z" + end + "tail");
            int step = Math.Max(1, bytes.Length / 40); // long cases: a sample of the cuts
            for (int first = 0; first <= bytes.Length; first += step)
            {
                for (int second = first; second <= bytes.Length; second += step)
                {
                    byte[][] segments = [bytes[..first], bytes[first..second], bytes[second..]];
                    Assert.Equal([parts, "||PING|z"], Frame(SegmentedSequence.Create(segments), out string rest));
                    Assert.Equal("tail", rest);
                }
            }
        }
    }

    [Fact]
    public void ALineOverTheFramersLimitIsOneTooLongAndTheNextLineIsRead()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(new string('x', IrcFramer.MaxLineBytes + 10) + "\r\nPING z\r\n");
        Assert.Equal(["<too long>", "||PING|z"], Frame(new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public void ParsingAllocatesNothing()
    {
        byte[] line = "@a=b :src PRIVMSG #dev :hello there"u8.ToArray();
        Parse(line);
        int parameters = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _ = IrcMessage.TryParse(line, out IrcMessage message);
            parameters += message.ParameterCount;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(200, parameters);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void RandomBytesNeverThrowAndEveryPartIsASliceOfItsLine()
    {
        var random = new Random(11);
        byte[] alphabet = " :@#\r\n\u0001abcPRIVMSG"u8.ToArray();
        for (int run = 0; run < 2000; run++)
        {
            byte[] bytes = new byte[random.Next(0, 600)];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            foreach (string parts in Frame(new ReadOnlySequence<byte>(bytes), out _))
            {
                Assert.DoesNotContain('\n', parts);
            }
        }
    }

    private static List<string> Frame(ReadOnlySequence<byte> buffer, out string rest)
    {
        var framer = new IrcFramer();
        byte[] scratch = new byte[IrcFramer.MaxLineBytes];
        var parts = new List<string>();
        FrameStatus status;
        while ((status = framer.TryReadLine(ref buffer, scratch, out ReadOnlySpan<byte> line)) != FrameStatus.NeedMore)
        {
            parts.Add(status == FrameStatus.TooLong ? "<too long>" : Parse(line));
        }
        rest = Encoding.UTF8.GetString(buffer.ToArray());
        return parts;
    }

    private static string Parse(ReadOnlySpan<byte> line)
    {
        IrcParse result = IrcMessage.TryParse(line, out IrcMessage message);
        if (result != IrcParse.Message)
        {
            return result == IrcParse.TooLong ? "<too long>" : "<empty>";
        }
        var parts = new List<string> { Encoding.UTF8.GetString(message.Tags), Encoding.UTF8.GetString(message.Source), Encoding.UTF8.GetString(message.Command) };
        for (int i = 0; i < message.ParameterCount; i++)
        {
            parts.Add(Encoding.UTF8.GetString(message[i]));
        }
        return string.Join('|', parts);
    }
}
