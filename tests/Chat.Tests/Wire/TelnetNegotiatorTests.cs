using Chat.Testing;
using System.Buffers;
using Chat.Core.Protocol;
using Chat.Tests.Support;

namespace Chat.Tests.Wire;

/// <summary>
/// PROTOCOL.md §6, "Telnet": every option stays off, so each DO is refused with WONT and each
/// WILL with DONT, as soon as the request's last byte is read; DONT and WONT get no answer;
/// a request repeated within one read is answered once.
/// </summary>
public sealed class TelnetNegotiatorTests
{
    private const byte Iac = 255, Will = 251, Wont = 252, Do = 253, Dont = 254, Sb = 250, Se = 240;
    private const byte InterruptProcess = 244, TimingMark = 6, EchoOption = 1, TerminalType = 24;
    private const byte Lf = (byte)'\n', Cr = (byte)'\r';

    [Theory]
    [InlineData(0)]
    [InlineData(TimingMark)]
    [InlineData(TerminalType)]
    [InlineData(255)]
    public void DoIsRefusedWithWontAndWillWithDont(byte option)
    {
        var telnet = new TelnetNegotiator();

        Assert.Equal([[Iac, Wont, option]], Read(ref telnet, [Iac, Do, option]));
        Assert.Equal([[Iac, Dont, option]], Read(ref telnet, [Iac, Will, option]));
    }

    [Fact]
    public void DontAndWontAgreeWithTheStateAndGetNoAnswer()
    {
        var telnet = new TelnetNegotiator();

        Assert.Empty(Read(ref telnet, [Iac, Dont, EchoOption, Iac, Wont, EchoOption, Iac, Dont, TimingMark]));
    }

    [Fact]
    public void CtrlCIsAnsweredWhenItsLastByteArrivesWhereverTheReadsCutIt()
    {
        // Telnet's Ctrl+C: IAC IP IAC DO TIMING-MARK, with no line end after it.
        byte[] ctrlC = [Iac, InterruptProcess, Iac, Do, TimingMark];
        for (int cut = 0; cut < ctrlC.Length; cut++)
        {
            var telnet = new TelnetNegotiator();
            Assert.Empty(Read(ref telnet, ctrlC[..cut]));
            Assert.Equal([[Iac, Wont, TimingMark]], Read(ref telnet, ctrlC[cut..]));
        }
    }

    [Fact]
    public void ARequestIsAnsweredAgainInALaterRead()
    {
        // Telnet never confirms the refusal of a timing mark and asks again at the next Ctrl+C.
        var telnet = new TelnetNegotiator();

        Assert.Equal([[Iac, Wont, TimingMark]], Read(ref telnet, [Iac, InterruptProcess, Iac, Do, TimingMark]));
        Assert.Equal([[Iac, Wont, TimingMark]], Read(ref telnet, [Iac, InterruptProcess, Iac, Do, TimingMark]));
    }

    [Fact]
    public void RequestsRepeatedWithinOneReadAreAnsweredOnce()
    {
        var telnet = new TelnetNegotiator();
        byte[] flood = Enumerable.Range(0, 1000).SelectMany(_ => new byte[] { Iac, Do, EchoOption, Iac, Will, EchoOption }).ToArray();

        Assert.Equal([[Iac, Wont, EchoOption], [Iac, Dont, EchoOption]], Read(ref telnet, flood));
    }

    [Fact]
    public void OneReadGetsAtMostOneAnswerPerOptionAndVerb()
    {
        var telnet = new TelnetNegotiator();
        byte[] everything = Enumerable.Range(0, 10 * 256)
            .SelectMany(i => new byte[] { Iac, Do, (byte)i, Iac, Will, (byte)i, Iac, Dont, (byte)i }).ToArray();

        List<byte[]> answers = Read(ref telnet, everything);

        // Option 10 is no request: its byte is an LF, which ends the command.
        Assert.Equal(2 * 255, answers.Count);
        Assert.Equal(2 * 255, answers.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void ALineEndCutsACommandAsItDoesInALine()
    {
        var telnet = new TelnetNegotiator();

        Assert.Empty(Read(ref telnet, [Iac, Do, Lf, Iac, Will, Cr, Lf]));
        // A subnegotiation cut by an LF does not hide the request after it.
        Assert.Equal([[Iac, Wont, EchoOption]], Read(ref telnet, [Iac, Sb, TerminalType, Lf, Iac, Do, EchoOption]));
    }

    [Fact]
    public void ACrIsAnOptionByteOnlyWhenNoLfFollows()
    {
        var telnet = new TelnetNegotiator();

        Assert.Empty(Read(ref telnet, [Iac, Do, Cr]));
        Assert.Empty(Read(ref telnet, [Lf]));
        Assert.Empty(Read(ref telnet, [Iac, Do, Cr]));
        Assert.Equal([[Iac, Wont, Cr]], Read(ref telnet, [(byte)'x']));
        Assert.Equal([[Iac, Wont, Cr]], Read(ref telnet, [Iac, Do, Cr, Cr, Lf]));
    }

    [Fact]
    public void NoRequestHidesInTextOrInASubnegotiation()
    {
        var telnet = new TelnetNegotiator();

        // IAC IAC is a 0xFF of text, so DO 1 after it is text too.
        Assert.Empty(Read(ref telnet, [Iac, Iac, Do, EchoOption]));
        // Inside SB only IAC SE ends it; IAC IAC is data there.
        Assert.Empty(Read(ref telnet, [Iac, Sb, TerminalType, Iac, Do, EchoOption, Iac, Iac, Iac, Do, 3]));
        Assert.Equal([[Iac, Wont, EchoOption]], Read(ref telnet, [Iac, Se, Iac, Do, EchoOption]));
    }

    [Fact]
    public void EverySplitIntoSegmentsOfOneReadAnswersTheSame()
    {
        byte[] read = [(byte)'a', Iac, Will, 31, Iac, Sb, TerminalType, Iac, Iac, Iac, Se, Iac, Do, TimingMark, (byte)'b'];
        for (int first = 0; first <= read.Length; first++)
        {
            for (int second = first; second <= read.Length; second++)
            {
                var telnet = new TelnetNegotiator();
                telnet.Read(SegmentedSequence.Split(read, first, second));
                Assert.Equal([[Iac, Wont, TimingMark], [Iac, Dont, 31]], Answers(ref telnet));
            }
        }
    }

    private static List<byte[]> Read(ref TelnetNegotiator telnet, byte[] received)
    {
        telnet.Read(new ReadOnlySequence<byte>(received));
        return Answers(ref telnet);
    }

    private static List<byte[]> Answers(ref TelnetNegotiator telnet)
    {
        var answers = new List<byte[]>();
        while (telnet.TryTakeRefusal(out EncodedLine refusal))
        {
            answers.Add(refusal.Span.ToArray());
        }
        return answers;
    }
}
