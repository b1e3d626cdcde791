package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The native read of a process's descriptors finds the same sockets as {@code java.nio.file} does. */
class FdLinksTest {
    private static final Path SELF_FD = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd");

    @Test
    void nativeAndJavaReadsOfThisProcessAgreeAndSeeAFreshSocket() throws Exception {
        assertThat(FdLinks.available()).as("libc through JNA on 64-bit Linux").isTrue();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket accepted = server.accept();
             SockDiag diag = SockDiag.open().orElseThrow()) {
            long inode = ((SockDiag.Inode) diag.inode((java.net.InetSocketAddress) client.getLocalSocketAddress(),
                    (java.net.InetSocketAddress) client.getRemoteSocketAddress())).value();
            assertThat(FdLinks.sockets(SELF_FD)).hasValueSatisfying(s -> assertThat(s).contains(inode));
            assertThat(FdLinks.sockets(SELF_FD).orElseThrow()).containsAll(SocketOwners.readLinks(SELF_FD)).isNotEmpty();
        }
    }

    @Test
    void aMissingDirectoryIsEmpty() {
        assertThat(FdLinks.sockets(Path.of("/proc/0/fd"))).isEmpty();
    }

    @Test
    void onlySocketLinksNameAnInode() {
        assertThat(FdLinks.socketInode(bytes("socket:[12345]"), 14)).isEqualTo(12345);
        assertThat(FdLinks.socketInode(bytes("pipe:[12345]"), 12)).isEqualTo(-1);
        assertThat(FdLinks.socketInode(bytes("socket:[12x45]"), 14)).isEqualTo(-1);
        assertThat(FdLinks.socketInode(bytes("/dev/null"), 9)).isEqualTo(-1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
