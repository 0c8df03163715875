using System.Threading.Channels;

namespace Dual.Track.Web;

/// <summary>Server push to every open page (server-sent events): each subscriber gets its own bounded queue.</summary>
internal sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ServerEvent>> _subscribers = [];

    /// <summary>A new subscription; dispose it when the page goes away.</summary>
    public Subscription Subscribe()
    {
        // A page that stops reading loses old events rather than growing the server's memory.
        var channel = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    /// <summary>Sends <paramref name="name"/> with its JSON <paramref name="data"/> to every subscriber.</summary>
    public void Publish(string name, string data)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(new ServerEvent(name, data));
            }
        }
    }

    private void Remove(Channel<ServerEvent> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
    }

    /// <summary>One page's queue of events.</summary>
    public sealed class Subscription(EventHub hub, Channel<ServerEvent> channel) : IDisposable
    {
        /// <summary>The events, as they come.</summary>
        public ChannelReader<ServerEvent> Reader => channel.Reader;

        /// <inheritdoc />
        public void Dispose() => hub.Remove(channel);
    }
}

/// <summary>One pushed event: its name and JSON data.</summary>
internal sealed record ServerEvent(string Name, string Data);
