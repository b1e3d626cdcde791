package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The kernel's sock_diag answers for real loopback sockets of this JVM, and agrees with {@code /proc}. */
class SockDiagTest {
    private static final SocketOwners PROC = SocketOwners.of(Path.of("/proc"));

    private static SockDiag open() {
        return SockDiag.open().orElseThrow(() -> new AssertionError("sock_diag netlink is unavailable on this Linux host"));
    }

    @Test
    void aConnectedSocketIsFoundByItsTwoEndsWithTheInodeItsProcessHolds() throws Exception {
        try (SockDiag diag = open(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket accepted = server.accept()) {
            InetSocketAddress local = (InetSocketAddress) client.getLocalSocketAddress();
            InetSocketAddress remote = (InetSocketAddress) client.getRemoteSocketAddress();
            SockDiag.Answer a = diag.inode(local, remote);
            assertThat(a).isInstanceOf(SockDiag.Inode.class);
            long inode = ((SockDiag.Inode) a).value();
            assertThat(PROC.sockets(ProcessHandle.current().pid())).contains(inode);
            assertThat(PROC.table(true, true).byConnection()).containsEntry(new SocketOwners.Connection(local, remote), inode);
            // the other end of the same connection is another socket
            assertThat(diag.inode(remote, local)).isInstanceOf(SockDiag.Inode.class).isNotEqualTo(a);
        }
    }

    @Test
    void noSuchConnectionIsAbsentEvenWhenAListenerHasThatPort() throws Exception {
        try (SockDiag diag = open(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            assertThat(diag.inode(listen, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))).isEqualTo(new SockDiag.Absent());
            assertThat(diag.inode(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), listen)).isEqualTo(new SockDiag.Absent());
        }
    }

    @Test
    void aClosedClientIsAbsent() throws Exception {
        try (SockDiag diag = open(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress local;
            InetSocketAddress remote;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket accepted = server.accept()) {
                local = (InetSocketAddress) client.getLocalSocketAddress();
                remote = (InetSocketAddress) client.getRemoteSocketAddress();
                accepted.close(); // the server closes first: the client's end does not linger in TIME_WAIT with an inode
            }
            assertThat(diag.inode(local, remote)).isEqualTo(new SockDiag.Absent());
        }
    }

    @Test
    void listeningSocketsAreListedWithTheirAddressAndInode() throws Exception {
        try (SockDiag diag = open(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            assertThat(diag.listening()).hasValueSatisfying(l -> assertThat(l).containsValue(listen));
            assertThat(diag.listening().orElseThrow()).isEqualTo(PROC.table(true, true).listening());
        }
    }
}
