namespace MaShangYi.Api.Infrastructure.Storage;

/// <summary>
/// Where photo files live: a folder on local disk for one instance (<see cref="LocalPhotoStore"/>), or an
/// S3-compatible object store when several instances share the files. Keys are relative paths such as
/// <c>AbC…/thumb.jpg</c>, made only of letters, digits, '-', '_', '.' and '/'.
/// </summary>
public interface IPhotoStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing what was there.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken ct);

    /// <summary>Opens the file stored under <paramref name="key"/>, or null when there is none.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Removes the file under <paramref name="key"/>; removing a missing file is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}
