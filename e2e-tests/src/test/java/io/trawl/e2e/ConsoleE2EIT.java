package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.simulator.SimulatorConfig;
import io.trawl.testsupport.TestInfrastructure;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) against real services: a viewer sees every page and no button that changes anything;
 * an operator watches a job live, pauses and resumes it, fills a heatmap gap with an incremental collection,
 * edits a limit (and is told which field is wrong), replays a dead letter and pauses a schedule; the heatmap draws
 * 2,500 symbols × 120 months and the job list 1,000 jobs within a second. Each page's screenshot goes to
 * {@code e2e-tests/target/console/} (docs/console.md shows them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2EIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TrawlSystem system;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM)
                .as("the console tests need Debian's chromium and chromium-driver: apt-get install -y chromium"
                        + " chromium-driver (.ci/run does)")
                .isExecutable();
        assertThat(CHROMEDRIVER).isExecutable();
        system = new TrawlSystem(
                ConsoleE2EIT.class,
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(100)).withCorruptSymbols(Set.of("BADUSDT")),
                1,
                Map.of("TRAWL_SOURCES_BINANCE_LIMITS_CPS", "10"));
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void aViewerSeesEveryPageButNoButtonThatChangesAnything() {
        open("#/jobs");
        signIn("not-a-key");
        assertThat(waitFor(By.id("login-error")).getText()).contains("API key not recognised");

        signIn(TestInfrastructure.VIEWER_KEY);
        assertThat(waitFor(By.id("role")).getText()).isEqualTo("viewer");
        open("#/sources");
        waitFor(By.cssSelector("tr[data-source='binance']"));
        assertThat(browser.findElements(By.cssSelector("button[aria-label='Pause source binance']")))
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("button[aria-label='Edit limits of binance']")))
                .isEmpty();
        open("#/workers");
        waitFor(By.cssSelector("tr[data-worker='worker-1']"));
        assertThat(browser.findElements(By.cssSelector("button[aria-label='Pause worker worker-1']")))
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("form[aria-label='Replay dead letters']")))
                .isEmpty();
        signOut();
    }

    @Test
    @Order(2)
    void anOperatorWatchesAJobLivePausesAndResumesIt() throws Exception {
        signIn(TestInfrastructure.OPERATOR_KEY);
        assertThat(waitFor(By.id("role")).getText()).isEqualTo("operator");
        String jobId = system.submit(Map.of(
                "sources", List.of("binance"), "symbols", symbols("LIVE", 15), "from", "2024-01", "to", "2024-06"));
        open("#/jobs");
        click(By.cssSelector("tr[data-job='" + jobId + "'] a"));
        wait(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));
        screenshot("job");
        org.awaitility.Awaitility.await("the binance second window in use")
                .atMost(Duration.ofSeconds(10))
                .until(() -> system.get("/sources/binance")
                                .get("usage")
                                .get(0)
                                .get("used")
                                .asLong()
                        > 0);
        JsonNode second = system.get("/sources/binance").get("usage").get(0);
        assertThat(second.get("limit").asLong()).isEqualTo(10);
        assertThat(second.get("counts").asString()).isEqualTo("requests");
        assertThat(second.get("used").asLong())
                .as("the limiter's own count: never above the limit")
                .isBetween(1L, 10L);

        click(By.cssSelector("button[aria-label='Pause job']"));
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("job-state"), "PAUSED"));
        assertThat(system.get("/collections/" + jobId).get("state").asString()).isEqualTo("PAUSED");
        click(By.cssSelector("button[aria-label='Resume job']"));
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));

        Set<String> progress = new LinkedHashSet<>();
        wait(Duration.ofSeconds(60))
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(b -> {
                    progress.add(b.findElement(By.cssSelector("[aria-label='job progress']"))
                            .getAttribute("aria-valuenow"));
                    return "COMPLETED".equals(b.findElement(By.id("job-state")).getText());
                });
        System.out.printf("CONSOLE job %s seen live at %d progress values: %s%n", jobId, progress.size(), progress);
        assertThat(progress)
                .as("the page follows the job's SSE stream (no reload): several progress values on the way")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(waitFor(By.id("job-summary")).getText()).startsWith("Total: 90 files");
        open("#/jobs");
        waitFor(By.cssSelector("tr[data-job='" + jobId + "']"));
        screenshot("jobs");
    }

    @Test
    @Order(3)
    void anOperatorFillsAHeatmapGapWithAnIncrementalCollection() throws Exception {
        collect(List.of("GAPAUSDT", "GAPBUSDT"), "2024-01", "2024-03");
        collect(List.of("GAPAUSDT", "GAPBUSDT"), "2024-06", "2024-06");
        open("#/coverage?source=binance&timeframe=1d&from=2024-01&to=2024-06&symbols=GAPAUSDT,GAPBUSDT");
        wait(Duration.ofSeconds(10))
                .until(ExpectedConditions.textMatches(
                        By.id("heatmap-status"), java.util.regex.Pattern.compile("^2 symbols × 6 months.*")));
        WebElement canvas = waitFor(By.id("heatmap"));
        assertThat(cellColour(0, 3)).as("GAPAUSDT 2024-04 is missing (white)").isEqualTo("255,255,255");
        assertThat(cellColour(0, 0)).as("GAPAUSDT 2024-01 is collected (green)").isEqualTo("46,125,50");
        screenshot("coverage");

        clickCell(canvas, 0, 3);
        WebElement collect = waitFor(By.cssSelector("button[aria-label='Collect this gap']"));
        assertThat(collect.getText()).isEqualTo("Collect GAPAUSDT 2024-04 to 2024-05 (incremental)");
        collect.click();
        wait(Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("job-state"), "COMPLETED"));
        String jobId = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/jobs/") + 7);
        JsonNode job = system.get("/collections/" + jobId);
        assertThat(job.get("mode").asString()).isEqualTo("INCREMENTAL");
        assertThat(job.get("succeeded").asLong())
                .as("the two missing months, nothing else")
                .isEqualTo(2);

        open("#/coverage?source=binance&timeframe=1d&from=2024-01&to=2024-06&symbols=GAPAUSDT,GAPBUSDT");
        wait(Duration.ofSeconds(10)).until(b -> "46,125,50".equals(cellColour(0, 3)));
        assertThat(cellColour(1, 3)).as("GAPBUSDT's gap was not asked for").isEqualTo("255,255,255");
    }

    @Test
    @Order(4)
    void anOperatorEditsALimitAndSeesItAppliedOrTheFieldThatIsWrong() throws Exception {
        open("#/sources");
        click(By.cssSelector("button[aria-label='Edit limits of binance']"));
        WebElement cps = waitFor(By.cssSelector("form[aria-label='Limits of binance'] input[name='cps']"));
        cps.clear();
        cps.sendKeys("25");
        screenshot("sources");
        browser.findElement(By.cssSelector("form[aria-label='Limits of binance'] button[type='submit']"))
                .click();
        wait(Duration.ofSeconds(10))
                .until(ExpectedConditions.textMatches(
                        By.cssSelector("tr[data-source='binance'] td:nth-child(3)"),
                        java.util.regex.Pattern.compile("^25/s.*")));
        assertThat(system.get("/sources/binance").get("limits").get("cps").asDouble())
                .isEqualTo(25.0);

        click(By.cssSelector("button[aria-label='Edit limits of binance']"));
        WebElement factor = waitFor(By.cssSelector("form[aria-label='Limits of binance'] input[name='safetyFactor']"));
        factor.clear();
        factor.sendKeys("0");
        browser.findElement(By.cssSelector("form[aria-label='Limits of binance'] button[type='submit']"))
                .click();
        wait(Duration.ofSeconds(10))
                .until(ExpectedConditions.textMatches(
                        By.cssSelector("form[aria-label='Limits of binance'] .problem"),
                        java.util.regex.Pattern.compile(".*safetyFactor.*")));
        assertThat(system.get("/sources/binance").get("limits").get("cps").asDouble())
                .as("a refused change changes nothing")
                .isEqualTo(25.0);
    }

    @Test
    @Order(5)
    void anOperatorReplaysADeadLetter() throws Exception {
        String jobId = system.submit(Map.of(
                "sources", List.of("binance"), "symbols", List.of("BADUSDT"), "from", "2024-01", "to", "2024-01"));
        system.awaitEnded(jobId, Duration.ofMinutes(1));
        org.awaitility.Awaitility.await("the corrupt archive's task dead-lettered")
                .atMost(Duration.ofSeconds(30))
                .until(() -> system.get("/dead-letters").get("total").asLong() >= 1);
        open("#/workers");
        wait(Duration.ofSeconds(10))
                .until(ExpectedConditions.textMatches(
                        By.id("dead-letter-total"), java.util.regex.Pattern.compile("^[1-9].* waiting.*")));
        WebElement job = waitFor(By.cssSelector("input[aria-label='Replay jobId']"));
        job.sendKeys(jobId);
        screenshot("workers");
        browser.findElement(By.cssSelector("form[aria-label='Replay dead letters'] button[type='submit']"))
                .click();
        assertThat(waitFor(By.id("replay-result")).getText()).startsWith("replayed 1,");
    }

    @Test
    @Order(6)
    void anOperatorPausesASchedule() throws Exception {
        JsonNode schedule = system.post(
                "/schedules",
                Map.of(
                        "name",
                        "hourly gap check",
                        "collection",
                        Map.of("sources", List.of("binance"), "symbols", List.of("GAPAUSDT"), "from", "2024-01"),
                        "every",
                        "1h"));
        open("#/schedules");
        waitFor(By.cssSelector("button[aria-label='Pause schedule hourly gap check']"))
                .click();
        waitFor(By.cssSelector("button[aria-label='Resume schedule hourly gap check']"));
        assertThat(system.get("/schedules/" + schedule.get("id").asString())
                        .get("state")
                        .asString())
                .isEqualTo("PAUSED");
        screenshot("schedules");
    }

    @Test
    @Order(7)
    void theHeatmapAndTheJobListStayFastAtScale() {
        open("#/coverage");
        waitFor(By.id("heatmap"));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        double heatmap = ((Number) js.executeScript("""
                        const states = 'CCCCCCPN-F';
                        const rows = [];
                        for (let s = 0; s < 2500; s++) {
                          let row = '';
                          for (let m = 0; m < 120; m++) row += states[(s * 7 + m * 13 + (s * m) % 5) % states.length];
                          rows.push(row);
                        }
                        const canvas = document.getElementById('heatmap');
                        return window.trawlConsole.drawMatrix(canvas, { rows, symbols: rows.map((r, i) => 'S' + i),
                          from: '2015-01', legend: {} });
                        """)).doubleValue();
        double jobs = ((Number) js.executeScript("""
                        const jobs = [];
                        for (let i = 0; i < 1000; i++) jobs.push({ id: 'j-' + i, state: 'RUNNING', priority: 'NORMAL',
                          succeeded: i, failed: i % 3, noData: 0, total: 2000, createdAt: new Date().toISOString(),
                          startedAt: new Date(Date.now() - 60000).toISOString() });
                        return window.trawlConsole.renderJobs(document.createElement('tbody'), jobs);
                        """)).doubleValue();
        System.out.printf(
                "CONSOLE heatmap of 2,500 symbols × 120 months drawn in %.0f ms; 1,000 jobs listed in %.0f ms%n",
                heatmap, jobs);
        assertThat(heatmap).as("300,000 cells drawn within a second").isLessThan(1_000);
        assertThat(jobs).as("1,000 jobs listed within a second").isLessThan(1_000);
    }

    private static void collect(List<String> symbols, String from, String to) throws Exception {
        String jobId = system.submit(Map.of("sources", List.of("binance"), "symbols", symbols, "from", from, "to", to));
        assertThat(system.awaitEnded(jobId, Duration.ofMinutes(1)).get("state").asString())
                .isEqualTo("COMPLETED");
    }

    private static List<String> symbols(String prefix, int count) {
        List<String> symbols = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> symbols.add("%s%02dUSDT".formatted(prefix, i)));
        return symbols;
    }

    private static void open(String fragment) {
        browser.get(system.orchestrator().baseUrl().resolve("/console/") + fragment);
    }

    private static void signIn(String key) {
        WebElement field = waitFor(By.id("key"));
        field.clear();
        field.sendKeys(key);
        browser.findElement(By.cssSelector("#login button[type='submit']")).click();
    }

    private static void signOut() {
        click(By.id("sign-out"));
        waitFor(By.id("key"));
    }

    /** The RGB of a heatmap cell's middle pixel, read from the canvas the page drew. */
    private static String cellColour(int row, int month) {
        return (String) ((JavascriptExecutor) browser)
                .executeScript(
                        "const c = document.getElementById('heatmap'); if (!c || !c.dataset.layout) return null;"
                                + " const L = JSON.parse(c.dataset.layout); const d = c.getContext('2d')"
                                + ".getImageData(L.x0 + arguments[1] * L.w + L.w / 2, L.y0 + arguments[0] * L.h + L.h / 2, 1, 1).data;"
                                + " return d[0] + ',' + d[1] + ',' + d[2];",
                        row,
                        month);
    }

    /** Clicks a heatmap cell (Selenium's offsets count from the element's centre). */
    private static void clickCell(WebElement canvas, int row, int month) {
        JsonNode layout = JSON.readTree(canvas.getDomAttribute("data-layout"));
        int x = layout.get("x0").asInt()
                + month * layout.get("w").asInt()
                + layout.get("w").asInt() / 2
                - canvas.getSize().getWidth() / 2;
        int y = layout.get("y0").asInt()
                + row * layout.get("h").asInt()
                + layout.get("h").asInt() / 2
                - canvas.getSize().getHeight() / 2;
        new Actions(browser).moveToElement(canvas, x, y).click().perform();
    }

    /** Clicks what {@code by} finds, again if the page redrew it in between (the lists refresh every 2 s). */
    private static void click(By by) {
        wait(Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(b -> {
                    b.findElement(by).click();
                    return true;
                });
    }

    private static WebElement waitFor(By by) {
        return wait(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static WebDriverWait wait(Duration atMost) {
        return new WebDriverWait(browser, atMost);
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
