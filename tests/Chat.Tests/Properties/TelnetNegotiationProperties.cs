using System.Text;
using Chat.Core.Protocol;
using CsCheck;

namespace Chat.Tests.Properties;

/// <summary>
/// The negotiator as the session uses it, one read after another, against <see cref="WireModel.Refusals"/>:
/// for any byte stream cut into any reads, exactly the negotiations the line cleaning removes
/// whole are refused, and no read answers one twice.
/// </summary>
public sealed class TelnetNegotiationProperties
{
    [Fact]
    public void Any_stream_in_any_reads_is_refused_as_the_model_says()
    {
        Gen.Select(LineFramingProperties.Stream, Gen.Int[1, 16].Array[1, 12])
            .Sample((stream, readSizes) =>
            {
                var telnet = new TelnetNegotiator();
                var refused = new HashSet<string>();
                int offset = 0;
                for (int read = 0; offset < stream.Length; read++)
                {
                    int size = Math.Min(readSizes[read % readSizes.Length], stream.Length - offset);
                    telnet.Read(new(stream.AsMemory(offset, size)));
                    offset += size;
                    var thisRead = new List<string>();
                    while (telnet.TryTakeRefusal(out EncodedLine refusal))
                    {
                        thisRead.Add(Convert.ToHexString(refusal.Span));
                    }
                    Assert.Equal(thisRead.Count, thisRead.Distinct().Count());
                    refused.UnionWith(thisRead);
                }
                Assert.Equal(WireModel.Refusals(stream).Order(), refused.Order());
            }, iter: 10_000, print: input => $"reads [{string.Join(",", input.Item2)}], stream {Convert.ToHexString(input.Item1)}");
    }
}
