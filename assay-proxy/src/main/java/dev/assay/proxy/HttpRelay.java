package dev.assay.proxy;

import io.netty.channel.socket.SocketChannel;

/** HTTP-mode relay (placeholder until HTTP mode lands). */
final class HttpRelay {
    private final ListeningProxy proxy;
    private final SocketChannel client;

    HttpRelay(ListeningProxy proxy, SocketChannel client) {
        this.proxy = proxy;
        this.client = client;
    }

    void start() {
        client.close();
        proxy.forget(this);
    }

    void close() {
        client.close();
    }
}
