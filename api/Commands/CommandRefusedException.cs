namespace MaShangYi.Api.Commands;

/// <summary>An operator command refused its arguments; the message says why and what to type instead.</summary>
public sealed class CommandRefusedException(string message) : Exception(message);
