namespace Chat.Client.Modes;

/// <summary>Key presses, one at a time, as <see cref="Console.ReadKey(bool)"/> gives them.</summary>
internal interface IKeySource
{
    /// <summary>The next key; completes with null when there will be no more keys.</summary>
    ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken);
}
