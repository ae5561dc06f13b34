package dev.crumb.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * Event loops for the test servers and clients, made the one way that Netty 4.1 and 4.2 both have:
 * the build runs this suite on each, and 4.2's {@code MultiThreadIoEventLoopGroup} is not in 4.1.
 */
public final class EventLoops {

    private EventLoops() {}

    /** An NIO event loop group of {@code threads} threads; 0 means Netty's default number. */
    @SuppressWarnings("deprecation") // 4.2 deprecates it for MultiThreadIoEventLoopGroup, which 4.1 lacks
    public static EventLoopGroup nio(int threads) {
        return new NioEventLoopGroup(threads);
    }
}
