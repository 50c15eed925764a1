using System.Buffers.Binary;

namespace MaShangYi.Api.Features.Photos;

/// <summary>
/// A photo's size in pixels read from its header, before any decoder sees the file: an oversized image gets a message
/// saying so (the decoders' own limits only say the file is invalid). Null when the header does not tell (or is cut).
/// </summary>
public static class PhotoHeaders
{
    public static (long Width, long Height)? Dimensions(ReadOnlySpan<byte> file) =>
        file.Length >= 24 && file[0] == 0x89 && file[12..16].SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadUInt32BigEndian(file[16..]), BinaryPrimitives.ReadUInt32BigEndian(file[20..]))
            : file.Length >= 4 && file[0] == 0xFF && file[1] == 0xD8 ? Jpeg(file)
            : file.Length >= 30 && file[12..16].SequenceEqual("VP8X"u8) ? (1 + Int24(file[24..]), 1 + Int24(file[27..]))
            : null;

    private static long Int24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);

    /// <summary>The first start-of-frame marker's height and width (segments walked by their lengths).</summary>
    private static (long, long)? Jpeg(ReadOnlySpan<byte> file)
    {
        var at = 2;
        while (at + 9 < file.Length)
        {
            if (file[at] != 0xFF)
            {
                return null;
            }

            var marker = file[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 2)..]);
            // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(file[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(file[(at + 5)..]));
            }

            at += 2 + length;
        }

        return null;
    }
}
