using ImageMagick;

namespace MaShangYi.Api.Features.Photos;

/// <summary>An upload refused for what it is: the HTTP status, a stable code and the Chinese message.</summary>
public sealed class PhotoRefusedException(int status, string code, string message) : Exception(message)
{
    public int Status => status;

    public string Code => code;
}

/// <summary>The three JPEGs a photo is stored as, with the original's size after orientation.</summary>
public sealed record EncodedPhoto(byte[] Original, byte[] Display, byte[] Thumb, int Width, int Height);

/// <summary>
/// Turns an upload into clean JPEGs. The file is trusted for nothing: its kind comes from its first bytes (never its name
/// or content type), and the decoder is told that kind, so ImageMagick never picks a coder of its own (no SVG, MVG or
/// text "images"). The header is read first and images too large in pixels are refused before any pixel is decoded; the
/// process-wide resource limits are a second guard. A truncated or corrupt file is refused, not patched up. What is
/// stored is re-encoded: rotated as its EXIF said, then stripped of EXIF (a phone's GPS position), ICC and comments.
/// </summary>
public static class PhotoImages
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxSide = 12000;
    public const long MaxPixels = 50_000_000;
    public const int OriginalSide = 2560;
    public const int DisplaySide = 1280;
    public const int ThumbSide = 320;

    public static readonly IReadOnlyList<string> Sizes = ["thumb", "display", "original"];

    // A phone photo takes a few hundred MB to decode at most; more at once would outgrow the instance's memory budget.
    private static readonly SemaphoreSlim Decoding = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>Sets ImageMagick's process-wide limits; once, at start-up.</summary>
    public static void SetLimits()
    {
        ResourceLimits.Width = MaxSide;
        ResourceLimits.Height = MaxSide;
        ResourceLimits.Area = (ulong)MaxPixels;
        ResourceLimits.Memory = 512UL * 1024 * 1024;
        ResourceLimits.ListLength = 16;
        ResourceLimits.Time = 30;
    }

    /// <summary>The format the first bytes say, or null when they are not a photo format we take.</summary>
    public static MagickFormat? Recognise(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return MagickFormat.Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return MagickFormat.Png;
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return MagickFormat.WebP;
        }

        // ISO base media: [size]ftyp[brand]; the HEIF brands phones write.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            if (brand is "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1")
            {
                return MagickFormat.Heic;
            }
        }

        return null;
    }

    public static async Task<EncodedPhoto> EncodeAsync(byte[] bytes, CancellationToken ct)
    {
        var format = Recognise(bytes) ?? throw new PhotoRefusedException(415, "photo_unsupported_type", "只能上传照片（JPEG、PNG、WebP 或 HEIC 格式）。");
        if (PhotoHeaders.Dimensions(bytes) is var (width, height) && TooLarge(width, height))
        {
            throw Oversized();
        }

        await Decoding.WaitAsync(ct);
        try
        {
            return Encode(bytes, format);
        }
        catch (MagickException ex) when (ex is MagickResourceLimitErrorException || ex.Message.Contains("exceeds limit", StringComparison.OrdinalIgnoreCase))
        {
            throw Oversized();
        }
        catch (MagickException)
        {
            throw new PhotoRefusedException(400, "photo_unreadable", "照片文件已损坏或不完整，无法读取，请重新拍摄或选择。");
        }
        finally
        {
            Decoding.Release();
        }
    }

    private static bool TooLarge(long width, long height) => width > MaxSide || height > MaxSide || width * height > MaxPixels;

    private static PhotoRefusedException Oversized() =>
        new(400, "photo_dimensions", $"照片尺寸过大（每边不超过 {MaxSide} 像素，总像素不超过 5000 万），请缩小后再上传。");

    private static EncodedPhoto Encode(byte[] bytes, MagickFormat format)
    {
        var settings = new MagickReadSettings { Format = format, FrameIndex = 0, FrameCount = 1 };
        var info = new MagickImageInfo();
        info.Read(bytes, settings);
        if (TooLarge(info.Width, info.Height))
        {
            throw Oversized();
        }

        using var image = new MagickImage();
        var corrupt = false;
        image.Warning += (_, e) => corrupt |= e.Exception is MagickCorruptImageWarningException;
        image.Read(bytes, settings);
        if (corrupt)
        {
            throw new PhotoRefusedException(400, "photo_unreadable", "照片文件已损坏或不完整，无法读取，请重新拍摄或选择。");
        }

        image.AutoOrient();
        image.Strip();
        if (image.HasAlpha)
        {
            image.BackgroundColor = MagickColors.White;
            image.Alpha(AlphaAction.Remove);
        }

        image.ColorSpace = ColorSpace.sRGB;
        var (original, width, height) = Jpeg(image, OriginalSide, 85);
        var display = Jpeg(image, DisplaySide, 82).Bytes;
        var thumb = Jpeg(image, ThumbSide, 78).Bytes;
        return new EncodedPhoto(original, display, thumb, width, height);
    }

    private static (byte[] Bytes, int Width, int Height) Jpeg(MagickImage image, int side, uint quality)
    {
        using var copy = (MagickImage)image.Clone();
        copy.Resize(new MagickGeometry((uint)side, (uint)side) { Greater = true });
        copy.Strip();
        copy.Quality = quality;
        copy.Format = MagickFormat.Jpeg;
        var bytes = copy.ToByteArray();
        var written = new MagickImageInfo(bytes);
        return (bytes, (int)written.Width, (int)written.Height);
    }
}
