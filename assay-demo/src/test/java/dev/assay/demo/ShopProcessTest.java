package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.testkit.Jvm;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The separate email process starts with the shop and never outlives it. */
class ShopProcessTest {
    @Test
    void closingTheShopStopsTheEmailProcessAndFreesEveryPort() throws Exception {
        Shop shop = Shop.builder().javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start();
        ProcessHandle email = shop.process("email").orElseThrow();
        assertThat(email.isAlive()).isTrue();
        var addresses = shop.services().stream().map(shop::address).toList();
        try (Socket s = new Socket()) {
            s.connect(shop.address("email"), 1000);
        }
        shop.close();
        email.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(email.isAlive()).isFalse();
        for (InetSocketAddress a : addresses) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(a, 1000);
                }
            }).as("nothing listens on %s after close", a).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theEmailProcessExitsByItselfWhenItsParentGoesAway() throws Exception {
        // Closing its stdin is what the OS does when the parent dies (even by SIGKILL).
        ChildService child = ChildService.start("email", Jvm.javaBinary(), Jvm.classPath(), java.util.Optional.empty(), Duration.ofSeconds(30));
        ProcessHandle h = child.handle();
        ProcessBuilderAccess.closeStdin(child);
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(h.isAlive()).isFalse();
        child.close();
    }

    @Test
    void aChildThatCannotStartIsReportedWithItsOutputAndLeavesNothingBehind() {
        assertThatThrownBy(() -> ChildService.start("email", Jvm.javaBinary(), "/nonexistent", java.util.Optional.empty(), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("EmailProcess");
    }

    /** Test access to the child's stdin pipe. */
    static final class ProcessBuilderAccess {
        static void closeStdin(ChildService child) throws IOException {
            child.stdin().close();
        }
    }
}
