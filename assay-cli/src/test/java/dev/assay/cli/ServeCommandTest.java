package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bad input to serve, freeze and the --server flags: exit 2 with what to do, nothing started. */
class ServeCommandTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static ServeSignalsTest.Run serve(String... extra) {
        String[] base = {"serve", "--system", ROOT.resolve("examples/assay.yaml").toString(), "--intents", ROOT.resolve("examples/intents").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return ServeSignalsTest.cli(all);
    }

    @Test
    void anyAddressButLoopbackNeedsAToken() {
        ServeSignalsTest.Run r = serve("--listen", "0.0.0.0:0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not loopback").contains("--token");
    }

    @Test
    void aTokenFileThatCannotBeReadOrComesWithATokenIsRefused() {
        ServeSignalsTest.Run r = serve("--listen", "0.0.0.0:0", "--token-file", "/nonexistent/assay-token");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--token-file /nonexistent/assay-token: cannot read it");
        assertThat(serve("--token", "0123456789abcdef", "--token-file", "/nonexistent/t").err()).contains("not both");
    }

    @Test
    void badScheduleFlagsSayWhatToWrite() {
        assertThat(serve("--pace", "150%").err()).contains("--pace must be").contains("10%");
        assertThat(serve("--window", "Mon-Fri 16:00-10:00").err()).contains("end after it starts").contains("example:");
        assertThat(serve("--listen", "nowhere").err()).contains("--listen must be HOST:PORT");
        assertThat(serve("--pace", "often").code()).isEqualTo(2);
    }

    @Test
    void serverCommandsSayWhenNoServerAnswers() {
        ServeSignalsTest.Run r = ServeSignalsTest.cli("freeze", "--server", "http://127.0.0.1:1", "--reason", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach assay serve").contains("assay serve --system");
        assertThat(ServeSignalsTest.cli("plan", "--server", "ftp://x").err()).contains("--server must be an http(s) URL");
        assertThat(ServeSignalsTest.cli("run").err()).contains("--system").contains("--server");
        assertThat(ServeSignalsTest.cli("run", "--stop").err()).contains("pass --server URL");
        assertThat(ServeSignalsTest.cli("freeze").code()).isEqualTo(2);
    }
}
