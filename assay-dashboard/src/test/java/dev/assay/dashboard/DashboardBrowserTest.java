package dev.assay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.assay.demo.Demo;
import dev.assay.demo.Shop;
import dev.assay.journal.Journal;
import dev.assay.model.FaultClass;
import dev.assay.model.Incident;
import dev.assay.runner.BeliefLearner;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import dev.assay.runner.Phase;
import dev.assay.testkit.Jvm;
import dev.assay.verdict.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium, Selenium) on a real run of the demo shop: a short {@code assay demo}
 * campaign (real services, fault proxy, runner, SQLite journal) whose live experiment streams into the Live view and is
 * stopped with its Stop button (the proxy then has no toxic); every view then loads from the journal the campaign wrote.
 * Screenshots go to {@code target/screenshots/}. About a minute and a half.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    /** A guard abort (fragile), a supported intent (tolerant) and two more, so a third experiment is live to be stopped. */
    static final List<String> INTENTS = List.of("checkout-survives-cart-db-outage", "checkout-tolerates-slow-shipping",
            "browse-tolerates-slow-catalog", "checkout-survives-email-pause");
    static final String INCIDENT = "INC-42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Browser browser;
    private Path workdir;
    private HttpServer server;
    private String liveBase;
    private String journalBase;

    @BeforeAll
    void start() throws Exception {
        browser = Browser.start();
        workdir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "dashboard-demo-");
        Path intents = Files.createDirectories(workdir.resolve("intents"));
        Path examples = Path.of("..", "examples", "demo");
        Files.copy(examples.resolve("shop-v1.topology.json"), intents.resolve("shop-v1.topology.json"));
        for (String i : INTENTS) Files.copy(examples.resolve(i + ".intent.yaml"), intents.resolve(i + ".intent.yaml"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // an event stream holds its request's thread
        server.start();
    }

    @AfterAll
    void stop() {
        if (server != null) server.stop(0);
        if (browser != null) browser.close();
    }

    @Test
    @Order(1)
    void theLiveViewStreamsGuardValuesOfARealExperimentAndStopRollsItsFaultBack() throws Exception {
        AtomicReference<Demo> demoRef = new AtomicReference<>();
        AtomicInteger toxicsAfterRollback = new AtomicInteger(-1);
        AtomicReference<String> proxyApi = new AtomicReference<>();
        DemoLiveModel model = new DemoLiveModel(workdir.resolve("journal.db"), () -> demoRef.get().stop(),
                experiment -> Optional.ofNullable(proxyApi.get()).ifPresent(api -> toxicsAfterRollback.set(toxics(api))));
        liveBase = url(Dashboard.mount(server, "/dashboard/", model));
        Demo demo = Demo.builder().workdir(workdir).intents(workdir.resolve("intents")).listener(model.listener()).keepRunning(true)
                .shop(Shop.builder().javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath())).build();
        demoRef.set(demo);
        try (demo) {
            CompletableFuture<?> run = CompletableFuture.supplyAsync(demo::run);
            browser.driver.get(liveBase + "/live");
            browser.waiting().until(d -> d.findElement(By.id("live")).getAttribute("data-updates") != null);

            await(() -> run.isDone() || (model.recorded().size() >= 2 && model.tracker().current()
                    .filter(r -> r.phase() == Phase.INJECTING && r.guards().stream().anyMatch(g -> g.value().isPresent())).isPresent()), 150);
            assertThat(run.isDone()).as("the campaign ended before a third experiment: %s", model.notes()).isFalse();
            proxyApi.set(proxyApi(demo.addresses().orElseThrow()));
            assertThat(toxics(proxyApi.get())).as("the live experiment's fault is on the proxy").isPositive();

            browser.waiting().until(d -> d.findElement(By.id("live")).getAttribute("data-live").equals("true")
                    && d.findElement(By.id("live-phase")).getText().startsWith("INJECTING")
                    && !d.findElement(By.cssSelector("#guards .guard-read")).getText().equals("—"));
            String firstRead = browser.text(By.cssSelector("#guards .guard-read"));
            String firstLeft = browser.text(By.id("seconds-left"));
            browser.waiting().until(d -> !d.findElement(By.cssSelector("#guards .guard-read")).getText().equals(firstRead)
                    && !d.findElement(By.id("seconds-left")).getText().equals(firstLeft));
            assertThat(browser.text(By.id("live-phase"))).as("still the experiment, at a level or recovering from it")
                    .matches("(INJECTING|ROLLBACK|RECOVERY).*");
            WebElement liveBox = browser.driver.findElement(By.id("live"));
            assertThat(liveBox.getAttribute("data-transport")).as("the updates came over the event stream, not polls").isEqualTo("stream");
            assertThat(liveBox.getAttribute("data-fallback")).isNull();
            // the demo's guards are SLO burn rates on error ratios: read as percentages, without floating-point noise
            assertThat(browser.text(By.cssSelector("#guards .guard-value"))).matches("[0-9.]+%");
            assertThat(browser.text(By.cssSelector("#guards .guard-threshold"))).matches("≤ [0-9.]{1,6}%");
            assertThat(browser.text(By.id("guards"))).doesNotContainPattern("\\d\\.\\d{7,}").contains("burn rate > 50x");
            assertLiveChartsAreReadable();
            assertThat(browser.scrollWidth()).isLessThanOrEqualTo(Browser.WIDTH);
            browser.screenshot("live");
            String stopped = model.tracker().current().orElseThrow().experimentId();

            browser.js("document.getElementById('stop').click()"); // the button is redrawn on every event
            browser.waiting().until(d -> "false".equals(d.findElement(By.id("live")).getAttribute("data-live")));
            assertThat(browser.driver.findElement(By.id("no-live")).getText()).contains("rolled back");
            browser.screenshot("live-stopped");
            run.get(120, TimeUnit.SECONDS);

            assertThat(toxicsAfterRollback.get()).as("toxics on the proxy right after the rollback").isZero();
            assertThat(model.notes()).as("the demo's own count of what is left on its proxies").anyMatch(n -> n.startsWith("no fault left behind: 0 toxics"));
            try (Journal j = Journal.open(workdir.resolve("journal.db"))) {
                Outcome o = j.outcome(stopped).orElseThrow();
                assertThat(o.verdict().kind()).isEqualTo("ABORTED");
                assertThat(o.abortReason().orElseThrow()).contains("stopped by the operator");
                assertThat(j.unconfirmedRemovals()).isEmpty();
            }
        }
        teachAnIncident(workdir.resolve("journal.db"));
        journalBase = url(Dashboard.mount(server, "/journal", new StandInMechanism(JournalDashboardModel.open(workdir.resolve("journal.db"), Clock.systemUTC()))));
    }

    /** One chart per guard, as wide as the page's content, each naming its guard and drawing its threshold; a one-line legend. */
    private void assertLiveChartsAreReadable() {
        browser.waiting().until(d -> d.findElements(By.cssSelector("#live-chart .guard-chart canvas")).size()
                == d.findElements(By.cssSelector("#guards tbody tr")).size());
        for (WebElement chart : browser.driver.findElements(By.cssSelector("#live-chart .guard-chart"))) {
            assertThat(chart.findElement(By.tagName("h3")).getText()).contains("burn rate");
            assertThat(chart.findElement(By.cssSelector(".uplot")).getSize().getWidth()).as("chart width at 1280 px").isGreaterThanOrEqualTo(1100);
            assertThat(chart.findElement(By.cssSelector(".uplot")).getSize().getHeight()).isGreaterThanOrEqualTo(180);
            WebElement legend = chart.findElement(By.cssSelector(".u-legend"));
            assertThat(legend.getText()).contains(".errors.rate").containsPattern("threshold ≤ [0-9.]+%");
            assertThat(legend.getSize().getHeight()).as("the legend is one line").isLessThanOrEqualTo(30);
        }
    }

    /** What {@code assay incident add} does: journal a postmortem, teach the belief, journal the belief it left. */
    private static void teachAnIncident(Path journal) {
        try (Journal j = Journal.open(journal)) {
            Incident incident = new Incident(INCIDENT, "payment", FaultClass.UNAVAILABILITY, OptionalDouble.empty(), List.of("checkout"),
                    Instant.now().minusSeconds(3600), Optional.of(Instant.now().minusSeconds(1800)), "payment provider outage; checkout failed");
            j.recordIncident(incident);
            BeliefLearner learner = BeliefLearner.restore(j.latestBeliefs().orElseThrow(), Clock.systemUTC()).orElseThrow();
            assertThat(learner.observeIncident(incident)).isPositive();
            j.recordBeliefs("incident:" + INCIDENT, learner.snapshotJson(), Instant.now());
        }
    }

    @Test
    @Order(2)
    void theGraphViewDrawsTheDemoShopColouredByWhatTheCampaignLearned() {
        open("/graph");
        browser.waiting().until(d -> d.findElement(By.id("graph")).getAttribute("data-rendered") != null);
        assertThat(Integer.parseInt(browser.driver.findElement(By.id("graph")).getAttribute("data-rendered"))).isGreaterThanOrEqualTo(8);
        List<WebElement> standings = browser.driver.findElements(By.cssSelector("#edges tbody td:nth-child(2)"));
        // the cart-db outage always trips a guard (fragile); whether the others end tolerant depends on the run (INCONCLUSIVE under load)
        assertThat(standings).extracting(WebElement::getText).contains("fragile").allMatch(t -> List.of("fragile", "tolerant", "uncertain").contains(t));
        browser.js("var e = window.assayGraph.getElementById('cart->cart-db'); e.select(); e.trigger('tap');");
        assertThat(browser.driver.findElement(By.id("edge-detail")).getText()).contains("cart → cart-db", "fragile", "tested", "errors (error status=503");
        assertThat(browser.driver.findElement(By.id("edge-mechanism")).getText()).isEqualTo(StandInMechanism.TEXT);
        assertThat(browser.js("return window.assayGraph.getElementById('cart->cart-db').style('label')")).as("the edge's label")
                .isEqualTo("no retries, P = 0.93");
        browser.js("window.assayGraph.getElementById('cart->cart-db').emit('mouseover')");
        assertThat(browser.driver.findElement(By.id("graph-tip")).getText()).as("the edge's tooltip").contains("cart → cart-db", StandInMechanism.TEXT);
        browser.js("window.assayGraph.getElementById('cart->cart-db').emit('mouseout')");
        assertThat(browser.driver.findElement(By.cssSelector("#edges tr[data-edge='cart->cart-db'] .mechanism")).getText()).isEqualTo(StandInMechanism.TEXT);
        assertThat(browser.driver.findElement(By.cssSelector("#edges tr[data-edge='checkout->inventory'] .mechanism")).getText()).isEqualTo("unknown");

        browser.js("var e = window.assayGraph.getElementById('checkout->payment'); e.select(); e.trigger('tap');");
        assertThat(browser.driver.findElement(By.id("edge-incidents")).getText()).isEqualTo("from incident " + INCIDENT);
        assertThat(browser.driver.findElement(By.id("edge-detail")).getText()).contains("incident " + INCIDENT, "unknown");
        assertThat(browser.driver.findElement(By.cssSelector("#edges tr[data-edge='checkout->payment'] .incident")).getText())
                .isEqualTo("from incident " + INCIDENT);
        done("graph");
    }

    @Test
    @Order(3)
    void thePlanViewRanksCandidatesWithEigAndCostAndSaysWhyOthersAreBlocked() {
        open("/plan");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#candidates tbody tr"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rows.get(0).findElement(By.cssSelector("td:nth-child(4)")).getText()).matches("\\d+\\.\\d{3}");
        assertThat(browser.driver.findElement(By.id("blocked")).getText()).isNotBlank();
        done("plan");
    }

    @Test
    @Order(4)
    void theHistoryViewShowsEveryOutcomeAndTheLearningCurve() {
        open("/history");
        browser.waiting().until(d -> d.findElement(By.id("history-chart")).getAttribute("data-points") != null);
        int outcomes = journal().outcomes().size();
        assertThat(browser.driver.findElement(By.id("history-chart")).getAttribute("data-points")).isEqualTo(String.valueOf(outcomes));
        assertThat(browser.driver.findElements(By.cssSelector("#outcomes tbody tr"))).hasSize(outcomes);
        String table = browser.driver.findElement(By.id("outcomes")).getText();
        assertThat(table).contains("ABORTED", "stopped by the operator");
        journal().outcomes().forEach(o -> assertThat(table).contains(o.intentId(), o.verdict().kind()));
        assertThat(browser.driver.findElements(By.cssSelector("#history-chart canvas"))).isNotEmpty();
        assertThat(browser.driver.findElement(By.cssSelector("#history-chart .uplot")).getSize().getWidth()).as("chart width at 1280 px")
                .isGreaterThanOrEqualTo(1100);
        assertThat(browser.driver.findElement(By.cssSelector("#history-chart .u-legend")).getSize().getHeight()).as("a one-line legend")
                .isLessThanOrEqualTo(30);
        done("history");
    }

    @Test
    @Order(5)
    void theFindingsViewListsWhatTheBeliefsNowSayPerEdge() {
        open("/findings");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#findings tbody tr"));
        assertThat(rows).hasSize(journal().beliefs().learned().findings().size()).isNotEmpty();
        assertThat(browser.driver.findElement(By.id("findings")).getText()).contains("cart → cart-db");
        List<WebElement> taught = browser.driver.findElements(By.cssSelector("#findings tr.from-incident"));
        assertThat(taught).as("the incident's finding is marked").hasSize(1);
        assertThat(taught.get(0).getText()).contains("checkout → payment", "from incident " + INCIDENT);
        assertThat(browser.driver.findElements(By.cssSelector("#findings tbody tr:not(.from-incident)"))).extracting(WebElement::getText)
                .allMatch(t -> t.endsWith("experiment"));
        assertThat(browser.driver.findElement(By.id("incidents")).getText()).contains(INCIDENT, "unavailability on payment", "checkout", "resolved");
        done("findings");
    }

    @Test
    @Order(6)
    void theBudgetsViewShowsResilienceScoresAndBudgetsPerJourney() {
        open("/budgets");
        assertThat(browser.driver.findElements(By.cssSelector("#scores tbody tr .bar"))).hasSize(journal().beliefs().learned().scores().size()).isNotEmpty();
        assertThat(browser.driver.findElement(By.id("budgets")).getText()).contains("checkout");
        done("budgets");
    }

    @Test
    @Order(7)
    void overAJournalAloneTheLiveViewSaysNoRunIsLive() {
        open("/live");
        browser.waiting().until(d -> "false".equals(d.findElement(By.id("live")).getAttribute("data-live")));
        assertThat(browser.driver.findElement(By.id("no-live")).getText()).contains("No experiment is live");
        WebElement live = browser.driver.findElement(By.id("live"));
        assertThat(live.getAttribute("data-transport")).as("a journal alone offers no stream: the page falls back to polling").isEqualTo("poll");
        assertThat(live.getAttribute("data-fallback")).contains("event stream");
        int before = Integer.parseInt(live.getAttribute("data-updates"));
        browser.waiting().until(d -> Integer.parseInt(d.findElement(By.id("live")).getAttribute("data-updates")) > before + 1);
        done("live-journal");
    }

    /**
     * The journal's model with a stand-in for the one thing the journal cannot give yet, the inferred mechanism of an edge
     * (a test double: mechanism beliefs are not journaled until the runner learns them), so the graph's label, tooltip and
     * panel can be checked.
     */
    static final class StandInMechanism implements DashboardModel {
        static final String TEXT = "no retries, no timeout, no breaker, no fallback, P = 0.93";
        private final JournalDashboardModel journal;

        StandInMechanism(JournalDashboardModel journal) {
            this.journal = journal;
        }

        public String systemName() { return journal.systemName(); }
        public Optional<dev.assay.model.Topology> topology() { return journal.topology(); }
        public DashboardBeliefs beliefs() { return journal.beliefs(); }
        public Optional<String> inferredMechanism(String from, String to) {
            return from.equals("cart") && to.equals("cart-db") ? Optional.of(TEXT) : journal.inferredMechanism(from, to);
        }
        public dev.assay.planner.Plan plan() { return journal.plan(); }
        public List<Outcome> outcomes() { return journal.outcomes(); }
        public List<Incident> incidents() { return journal.incidents(); }
        public Optional<LiveRun> live() { return journal.live(); }
        public Optional<AutoCloseable> onLiveChange(Runnable onChange) { return journal.onLiveChange(onChange); }
        public boolean stop() { return journal.stop(); }
    }

    private JournalDashboardModel journal() {
        return JournalDashboardModel.open(workdir.resolve("journal.db"), Clock.systemUTC());
    }

    private void open(String view) {
        assertThat(journalBase).as("the campaign of the first test wrote the journal").isNotNull();
        browser.driver.get(journalBase + view);
        assertThat(browser.driver.getTitle()).contains("assay-demo-shop");
    }

    private void done(String name) {
        assertThat(browser.scrollWidth()).as("page width of %s at %d px", name, Browser.WIDTH).isLessThanOrEqualTo(Browser.WIDTH);
        browser.screenshot(name);
    }

    private String url(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    private static String proxyApi(String addresses) {
        Matcher m = Pattern.compile("fault proxy API \\(Toxiproxy\\): (http://\\S+)").matcher(addresses);
        assertThat(m.find()).as(addresses).isTrue();
        return m.group(1);
    }

    /** Toxics on every proxy, as the fault proxy's Toxiproxy API lists them. */
    static int toxics(String api) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/proxies")).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode all = JSON.readTree(r.body());
            int n = 0;
            for (JsonNode p : all) n += p.path("toxics").size();
            return n;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the proxy's toxics at " + api, e);
        }
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within " + seconds + " s");
            Thread.sleep(100);
        }
    }
}
