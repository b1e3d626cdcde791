package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A proxy's listen address is its own: with epoll each worker loop listens with its own {@code SO_REUSEPORT}
 * socket, and that must not let the proxy share the port with anyone else of the same user who asks for it.
 */
class ListenPortTest {
    @Test
    void aPortHeldBySoReusePortSocketElsewhereIsAConflict() throws Exception {
        try (ServerSocket other = new ServerSocket(); FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            if (other.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String taken = "127.0.0.1:" + other.getLocalPort();
            assertThatThrownBy(() -> proxy.createProxy(ProxySpec.tcp("p", taken, "127.0.0.1:6379")))
                    .isInstanceOf(FaultProxyException.class).hasMessageContaining("already in use");
        }
    }

    @Test
    void aSecondProxyProcessCannotJoinAProxysPort() {
        try (FaultProxy first = FaultProxy.builder().apiListen("127.0.0.1:0").build();
             FaultProxy second = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            String listen = first.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379")).spec().listen();
            assertThatThrownBy(() -> second.createProxy(ProxySpec.tcp("q", listen, "127.0.0.1:6380")))
                    .isInstanceOf(FaultProxyException.class).hasMessageContaining("already in use");
        }
    }

    @Test
    void everyConnectionIsServedWhicheverLoopAcceptsIt() throws Exception {
        try (EchoUpstream echo = new EchoUpstream(); FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            String listen = proxy.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", echo.address())).spec().listen();
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            for (int i = 0; i < 40; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(("ping " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ping " + i + "\n");
                }
            }
        }
    }
}
