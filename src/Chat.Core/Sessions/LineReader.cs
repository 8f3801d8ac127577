using System.Buffers;
using System.IO.Pipelines;
using Chat.Core.Commands;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Sessions;

/// <summary>
/// The read loop: frames the client's bytes into lines, answers telnet negotiation, turns away
/// TLS, cleans each line and hands it to the name prompt or, once logged in, to its command.
/// Lines are handled one at a time, in order, and never wait on another client; a line over
/// the rate, or one the full history store did not take, waits its turn in the receive pipe.
/// </summary>
internal sealed class LineReader(ChatServer server, PipeReader input, Outbox outbox, SessionStop stop, LinePacer pacer, LoginPrompt prompt)
{
    private bool _lineHeld; // over the rate, or the history store full: it waits in the input for its turn
    private bool _storeFull; // held for the store's room, not for the rate

    /// <summary>The line being handled was not taken by the full history store: it waits in the input for the store's room.</summary>
    public void HoldForStore() => _lineHeld = _storeFull = true;

    /// <summary>Reads until the session stops or the client closes its side.</summary>
    public async Task RunAsync()
    {
        var framer = new LineFramer(server.Options.MaxLineBytes);
        var telnet = new TelnetNegotiator();
        long readByTelnet = 0; // the front of the buffer telnet has read: what the framer left last time
        bool checkedForTls = false;
        while (!stop.IsStopping)
        {
            ReadResult result = await input.ReadAsync();
            if (result.IsCanceled || stop.IsStopping)
            {
                break;
            }
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (!checkedForTls && buffer.Length >= 2)
            {
                checkedForTls = true;
                if (ForeignProtocol.IsTlsHandshake(buffer))
                {
                    stop.TryStop(DisconnectReason.WrongProtocol); // a TLS client could read no reply
                    break;
                }
            }
            AnswerTelnet(ref telnet, buffer.Slice(readByTelnet));
            HandleLines(ref framer, ref buffer);
            readByTelnet = buffer.Length;
            if (prompt.IsJoining)
            {
                // The lines after the name stay in the pipe until the user is in the lobby.
                input.AdvanceTo(buffer.Start);
                await prompt.FinishJoiningAsync();
                continue;
            }
            if (_lineHeld)
            {
                // The held line and those after it stay in the pipe: reading pauses, and a
                // sender that keeps sending fills the pipe and then its own TCP window.
                input.AdvanceTo(buffer.Start);
                await (_storeFull ? pacer.WaitAfterAdmittedAsync(server.History.WaitForRoomAsync) : pacer.WaitAsync());
                _lineHeld = _storeFull = false;
                continue;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                stop.TryStop(DisconnectReason.Closed);
            }
        }
    }

    /// <summary>
    /// Answers telnet option negotiation when its bytes arrive, before the lines that came with
    /// them: telnet's Ctrl+C asks <c>DO TIMING-MARK</c> with no line end after it, and shows
    /// nothing until that is answered.
    /// </summary>
    private void AnswerTelnet(ref TelnetNegotiator telnet, in ReadOnlySequence<byte> received)
    {
        telnet.Read(received);
        while (telnet.TryTakeRefusal(out EncodedLine refusal))
        {
            outbox.TryEnqueue(refusal);
        }
    }

    private void HandleLines(ref LineFramer framer, ref ReadOnlySequence<byte> buffer)
    {
        // Scratch for cleaning lives only while this read's lines are handled, so an idle
        // connection holds none (ArrayPool makes the rent nearly free).
        int max = server.Options.MaxLineBytes;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(max);
        char[] chars = ArrayPool<char>.Shared.Rent(max);
        try
        {
            while (!stop.IsStopping && !prompt.IsJoining && !_lineHeld)
            {
                ReadOnlySequence<byte> unread = buffer;
                FrameStatus status = framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line);
                if (status == FrameStatus.NeedMore)
                {
                    pacer.CaughtUp();
                    break;
                }
                if (status == FrameStatus.TooLong)
                {
                    OnTooLongLine();
                    continue;
                }
                OnLine(LineSanitizer.Clean(line, bytes, chars));
                if (_lineHeld)
                {
                    buffer = unread; // framed and handled again once the rate admits it
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void OnTooLongLine()
    {
        if (prompt.Commands is null)
        {
            prompt.OnTooLongLine();
        }
        else
        {
            outbox.TryEnqueue(server.TooLong);
        }
    }

    private void OnLine(ReadOnlySpan<char> text)
    {
        if (prompt.Commands is not { } commands)
        {
            prompt.OnLine(text);
            return;
        }
        if (text.IsEmpty)
        {
            return;
        }
        IChatCommand command = server.Commands.Resolve(text, out ReadOnlySpan<char> arguments);
        if (!command.IsRateLimited || TryAcceptLine())
        {
            command.Execute(commands, arguments);
        }
    }

    /// <summary>
    /// Counts a line against the rate limit. False when over it: the line is either held, to be
    /// handled again in its turn, or refused with a reply.
    /// </summary>
    private bool TryAcceptLine()
    {
        switch (pacer.Admit())
        {
            case Admission.Now:
                return true;
            case Admission.Later:
                server.Metrics.LinePaced();
                _lineHeld = true;
                return false;
            default:
                server.Metrics.LineRefused();
                outbox.TryEnqueue(ServerText.RateLimited);
                return false;
        }
    }
}
