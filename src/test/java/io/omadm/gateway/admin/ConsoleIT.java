package io.omadm.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.GatewayProcess;
import io.restassured.http.ContentType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver), against the gateway as a process with the demo site, over its HTTPS port: signed in as each role,
 * the demo devices are listed; an admin reads the PLC's Temperature and writes the OPC UA machine's Speed from the tree
 * browser and sees the new value; an operator starts a fanout to the demo sensors and watches it reach 100 %; a viewer
 * sees no tree and no write button, and a write it forges from the page is refused. Screenshots of each page go to
 * target/console-screenshots/.
 */
class ConsoleIT {

    private static final Path SHOTS = Path.of("target", "console-screenshots");
    /**
     * Every visible text (but a disabled control's, which WCAG exempts) against the background it is drawn on: a
     * contrast ratio of at least 4.5 (WCAG 2.1 AA), read on a tablet in a bright hall.
     */
    private static final String CONTRAST = String.join("\n",
            "const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);",
            "const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255;",
            "  return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });",
            "  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };",
            "const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e)",
            "  .backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] === 1)) { return c; } }",
            "  return [255, 255, 255]; };",
            "const low = [];",
            "document.querySelectorAll('body *').forEach(e => {",
            "  const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());",
            "  if (!own || e.offsetParent === null || e.disabled || e.closest('[disabled]')) { return; }",
            "  const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));",
            "  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);",
            "  if (ratio < 4.5) { low.push(e.tagName + ' \"' + e.textContent.trim().slice(0, 30) + '\" '",
            "    + ratio.toFixed(2)); } });",
            "return low;");

    private static GatewayProcess gateway;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void gatewayAndBrowser() throws Exception {
        Path chromium = ExternalTool.require("chromium", "chromium");
        Path driver = ExternalTool.require("chromedriver", "chromium-driver");
        Path data = Files.createTempDirectory("console-it");
        gateway = GatewayProcess.start(Map.of("quarkus.profile", "demo", "gateway.data-dir", data.toString(),
                "gateway.notification.udp-port", "0", "gateway.demo.mqtt-port", free(), "gateway.demo.modbus-port",
                free(), "gateway.demo.opcua-port", free()));
        gateway.awaitOk("/q/health/ready");
        String api = "http://127.0.0.1:" + gateway.httpPort();
        for (String role : new String[] {"viewer", "operator"}) {
            given().contentType(ContentType.JSON).body(Map.of("name", role + "-1", "password",
                    "console-" + role + "-password", "role", role)).post(api + "/api/v1/users").then().statusCode(201);
        }
        base = "https://127.0.0.1:" + gateway.httpsPort();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--ignore-certificate-errors",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build(), options);
        Files.createDirectories(SHOTS);
    }

    private static String free() {
        return Integer.toString(FreePort.forChildProcess());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static void signIn(String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/console/index.html");
        waiting().until(ExpectedConditions.urlContains("/console/login.html"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("#sign-in button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("user"), user));
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every request the page made (scripts, styles, API calls) went to the gateway itself: nothing from outside. */
    private static void assertOnlyGatewayRequests() {
        Object names = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat([location.href]).filter(n => !n.startsWith(arguments[0] + '/'));", base);
        assertEquals(List.of(), names, "requests not to the gateway's origin");
    }

    private static void page(String name, String shownId) {
        browser.findElement(By.id("nav-" + name)).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(shownId)));
        assertAccessibleControls();
    }

    /**
     * Every control shown has a name a screen reader says (a label, an aria-label or its text), and every table
     * header cell says what it heads: the console is worked by keyboard and screen reader too.
     */
    private static void assertAccessibleControls() {
        Object unnamed = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('input, select, button, progress, pre'))"
                        + ".filter(e => e.offsetParent !== null)"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                        + " && !e.textContent.trim()).map(e => e.outerHTML.slice(0, 80))"
                        + ".concat(Array.from(document.querySelectorAll('th')).filter(t => t.offsetParent !== null"
                        + " && !t.textContent.trim()).map(t => t.outerHTML.slice(0, 80)));");
        assertEquals(List.of(), unnamed, "controls without an accessible name");
        assertEquals(List.of(), ((JavascriptExecutor) browser).executeScript(CONTRAST), "text below WCAG AA contrast");
    }

    private static void confirm(String... mentions) {
        String text = waiting().until(ExpectedConditions.alertIsPresent()).getText();
        for (String m : mentions) {
            assertTrue(text.contains(m), "the confirmation names " + m + ": " + text);
        }
        browser.switchTo().alert().accept();
    }

    private static void devicesPage() {
        browser.findElement(By.id("nav-devices")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-list"), "demo-plc"));
        assertAccessibleControls();
    }

    private static String read(String device, String path) {
        devicesPage();
        browser.findElement(By.xpath("//table[@id='device-list']//button[text()='" + device + "']")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("device-title"), device));
        WebElement node = browser.findElement(By.id("tree-path"));
        node.clear();
        node.sendKeys(path);
        browser.findElement(By.id("tree-read")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("tree-value"), path + " = "));
        return browser.findElement(By.id("tree-value")).getText();
    }

    @Test
    void anAdminSeesTheSiteReadsThePlcAndWritesTheMachinesSpeed() throws Exception {
        signIn("admin", io.omadm.gateway.testing.OperatorCredentials.PASSWORD);
        assertEquals("admin", browser.findElement(By.id("role")).getText());
        waiting().until(d -> !d.findElement(By.id("count-all")).getText().equals("–")
                && Integer.parseInt(d.findElement(By.id("count-all")).getText()) >= 4);
        assertTrue(browser.findElement(By.id("by-mode")).getText().contains("adaptation"));
        screenshot("overview");

        devicesPage();
        String list = browser.findElement(By.id("device-list")).getText();
        for (String d : new String[] {"demo-sensor-1", "demo-plc", "demo-machine"}) {
            assertTrue(list.contains(d), d + " listed: " + list);
        }
        screenshot("devices");
        browser.findElement(By.cssSelector("#filters input[name=q]")).sendKeys("PLC");
        browser.findElement(By.cssSelector("#filters button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("page-info"), "1–1 of 1"));
        assertTrue(browser.findElement(By.id("device-list")).getText().contains("demo-plc"));
        browser.findElement(By.cssSelector("#filters input[name=q]")).clear();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#filters select[name=protocol]")))
                .selectByValue("opcua");
        browser.findElement(By.cssSelector("#filters button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-list"), "demo-machine"));
        assertFalse(browser.findElement(By.id("device-list")).getText().contains("demo-plc"), "opcua devices only");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#filters select[name=protocol]")))
                .selectByValue("");
        browser.findElement(By.cssSelector("#filters button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-list"), "demo-plc"));

        String temperature = read("demo-plc", "Temperature");
        assertTrue(temperature.matches("Temperature = -?\\d+(\\.\\d+)? \\(float\\)"), temperature);

        read("demo-machine", "Speed");
        WebElement value = browser.findElement(By.id("tree-new-value"));
        value.clear();
        value.sendKeys("1725");
        browser.findElement(By.id("tree-write")).click();
        String confirm = waiting().until(ExpectedConditions.alertIsPresent()).getText();
        assertTrue(confirm.contains("Speed") && confirm.contains("demo-machine") && confirm.contains("1725"),
                "the confirmation names the device, the node and the value: " + confirm);
        browser.switchTo().alert().accept();
        waiting().until(ExpectedConditions.textToBe(By.id("tree-value"), "Speed = 1725 (int)"));
        screenshot("device");

        // Exec of the machine's SetSpeed method with its argument, then the speed it set
        WebElement node = browser.findElement(By.id("tree-path"));
        node.clear();
        node.sendKeys("SetSpeed");
        value.clear();
        value.sendKeys("1800");
        browser.findElement(By.id("tree-exec")).click();
        confirm("SetSpeed", "demo-machine", "1800");
        waiting().until(ExpectedConditions.textToBe(By.id("tree-value"), "SetSpeed: executed"));
        assertEquals("Speed = 1800 (int)", read("demo-machine", "Speed"));
        assertTrue(browser.findElement(By.id("presence-list")).getText().contains("registered"),
                "the presence history: " + browser.findElement(By.id("presence-list")).getText());
        page("overview", "adapter-links");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("adapter-links"), "opcua"));
        String links = browser.findElement(By.id("adapter-links")).getText();
        assertTrue(links.matches("(?s).*modbus .*connected.*") && links.matches("(?s).*opcua .*connected.*")
                && links.matches("(?s).*sparkplug .*connected.*"), "the adapters' connections: " + links);
        screenshot("overview-adapters");

        // a proxy-mode device: its command queue, and its DM account without its secrets
        String api = "http://127.0.0.1:" + gateway.httpPort() + "/api/v1/devices";
        given().contentType(ContentType.JSON).body(Map.of("devId", "field-router-1", "mode", "proxy")).post(api)
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("authType", "md5", "clientName", "router-1",
                "clientSecret", "router-secret-17", "serverId", "gw", "serverSecret", "gw-secret-17"))
                .put(api + "/field-router-1/account").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "./DevInfo/Mod"))
                .post(api + "/field-router-1/commands").then().statusCode(202);
        devicesPage();
        browser.findElement(By.cssSelector("#filters input[name=q]")).sendKeys("field-router");
        browser.findElement(By.cssSelector("#filters button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("page-info"), "1–1 of 1"));
        browser.findElement(By.xpath("//table[@id='device-list']//button[text()='field-router-1']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("command-list"), "./DevInfo/Mod"));
        assertTrue(browser.findElement(By.id("command-list")).getText().contains("queued"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-record"), "router-1"));
        String account = browser.findElement(By.id("account-record")).getText();
        assertTrue(account.contains("md5") && account.contains("set"), account);
        assertFalse(browser.getPageSource().contains("secret-17"), "no secret reaches the page");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('command-queue').scrollIntoView()");
        screenshot("proxy-device");
        browser.findElement(By.cssSelector("#filters input[name=q]")).clear();
        assertOnlyGatewayRequests();
    }

    @Test
    void anAdminReadsTheAuditTrailAndTheAdapterFiles() throws Exception {
        signIn("admin", io.omadm.gateway.testing.OperatorCredentials.PASSWORD);
        page("audit", "audit-filters");
        WebElement target = browser.findElement(By.cssSelector("#audit-filters input[name=target]"));
        target.sendKeys("/api/v1/users");
        browser.findElement(By.cssSelector("#audit-filters button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-info"), "of 2"));
        String trail = browser.findElement(By.id("audit-list")).getText();
        assertTrue(trail.contains("POST") && trail.contains("/api/v1/users") && trail.contains("201"), trail);
        screenshot("audit");

        page("adapters", "adapter-list");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("adapter-list"), "opcua-demo.yaml"));
        String files = browser.findElement(By.id("adapter-list")).getText();
        assertTrue(files.contains("routes") && files.contains("adapter-opcua") && files.contains("loaded"), files);
        browser.findElement(By.xpath("//table[@id='adapter-list']//button[text()='opcua-demo.yaml']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("adapter-source"), "SetSpeed"));
        assertTrue(browser.findElement(By.id("adapter-problem")).getText().startsWith("Loaded: profile opcua-demo"));
        screenshot("adapters");
        assertOnlyGatewayRequests();
    }

    @Test
    void aViewerSeesTheDevicesButNoWriteAndAForgedWriteIsRefused() throws Exception {
        signIn("viewer-1", "console-viewer-password");
        devicesPage();
        browser.findElement(By.xpath("//table[@id='device-list']//button[text()='demo-machine']")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("device-title"), "demo-machine"));
        assertFalse(browser.findElement(By.id("tree-replace")).isDisplayed(), "no write button for a viewer");
        assertFalse(browser.findElement(By.id("tree-get")).isDisplayed(), "the tree is the operators'");
        assertFalse(browser.findElement(By.id("nav-audit")).isDisplayed(), "the audit trail is the admins'");
        screenshot("viewer-device");
        // a tablet held upright on the plant floor: the page fits its width, nothing to scroll sideways
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(800, 1280));
        try {
            Object overflow = ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertEquals(0L, overflow, "sideways scroll at 800 px");
            screenshot("tablet-device");
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
        page("groups", "group-list");
        assertFalse(browser.findElement(By.id("group-create")).isDisplayed());
        page("images", "image-list");
        assertFalse(browser.findElement(By.id("image-upload")).isDisplayed());
        browser.get(base + "/console/index.html#audit");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
        assertFalse(browser.findElement(By.id("audit")).isDisplayed(), "#audit opens the overview for a viewer");
        assertOnlyGatewayRequests();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + "fetch('/api/v1/devices/demo-machine/tree/Speed', {method: 'PUT', body: '1',"
                + " headers: {'Content-Type': 'text/plain', 'X-Gateway-Console': '1'}}).then(r => done(r.status));");
        assertEquals(403L, status, "the API refuses the viewer's write");

        browser.findElement(By.id("sign-out")).click();
        waiting().until(ExpectedConditions.urlContains("/console/login.html"));
        browser.get(base + "/console/index.html");
        waiting().until(ExpectedConditions.urlContains("/console/login.html"));
    }

    @Test
    void anOperatorStartsAFanoutToTheDemoSensorsAndWatchesItReachTheEnd() throws Exception {
        signIn("operator-1", "console-operator-password");
        browser.findElement(By.id("nav-fanouts")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("fanout-start")));
        browser.findElement(By.id("fanout-model")).sendKeys("MQTT-TH"); // the demo sensors' model
        browser.findElement(By.id("fanout-path")).sendKeys("SetPoint");
        browser.findElement(By.id("fanout-data")).sendKeys("55");
        browser.findElement(By.id("fanout-add-command")).click(); // then read it back, in the same job
        WebElement second = browser.findElements(By.cssSelector("#fanout-start .fanout-command")).get(1);
        new org.openqa.selenium.support.ui.Select(second.findElement(By.name("op"))).selectByValue("Get");
        second.findElement(By.name("path")).sendKeys("SetPoint");
        browser.findElement(By.id("fanout-submit")).click();
        String confirm = waiting().until(ExpectedConditions.alertIsPresent()).getText();
        assertTrue(confirm.contains("Replace SetPoint = \"55\", then Get SetPoint on every device of model MQTT-TH"),
                confirm);
        browser.switchTo().alert().accept();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("fanout-status"), "completed"));
        assertEquals("100", browser.findElement(By.id("fanout-progress")).getAttribute("value"));
        String status = browser.findElement(By.id("fanout-status")).getText();
        assertTrue(status.contains("2 of 2 answered") && status.contains("200: 2"), status);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("fanout-list"), "completed"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-info"), "1–2 of 2"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("result-status"))).selectByValue("200");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-list"), "demo-sensor-2"));
        String results = browser.findElement(By.id("result-list")).getText();
        assertTrue(results.contains("demo-sensor-1") && results.contains("200"), results);
        assertTrue(results.matches("(?s).*demo-sensor-1 200 \\S*55.*"), "the Get's value, read after the Replace: "
                + results);
        assertFalse(browser.findElement(By.id("fanout-cancel")).isDisplayed(), "an ended job has nothing to cancel");
        screenshot("fanout");
        assertOnlyGatewayRequests();
        assertEquals("55", given().get("http://127.0.0.1:" + gateway.httpPort()
                + "/api/v1/devices/demo-sensor-2/tree/SetPoint").then().statusCode(200).extract().path("value"),
                "the devices hold the value the fanout wrote");
    }

    @Test
    void anOperatorMakesAGroupOfSensorsAndUploadsAnImage() throws Exception {
        signIn("operator-1", "console-operator-password");
        page("groups", "group-create");
        browser.findElement(By.cssSelector("#group-create input[name=name]")).sendKeys("line-a");
        browser.findElement(By.cssSelector("#group-create input[name=displayName]")).sendKeys("Line A sensors");
        browser.findElement(By.cssSelector("#group-create button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("group-title"), "Group line-a (Line A sensors)"));
        browser.findElement(By.cssSelector("#member-add input[name=devId]")).sendKeys("demo-sensor-1");
        browser.findElement(By.cssSelector("#member-add button")).click();
        confirm("demo-sensor-1", "line-a");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-list"), "demo-sensor-1"));
        screenshot("groups");
        browser.findElement(By.xpath("//table[@id='member-list']//button[text()='Remove']")).click();
        confirm("demo-sensor-1", "line-a");
        waiting().until(ExpectedConditions.textToBe(By.id("group-message"), "demo-sensor-1 removed from line-a"));
        assertFalse(browser.findElement(By.id("member-list")).getText().contains("demo-sensor-1"));

        Path firmware = Files.createTempFile("firmware", ".bin");
        Files.write(firmware, new byte[40_000]);
        page("images", "image-upload");
        browser.findElement(By.cssSelector("#image-upload input[name=id]")).sendKeys("fw-7");
        browser.findElement(By.cssSelector("#image-upload input[name=imageId]")).sendKeys("sensor-fw-7.0");
        browser.findElement(By.cssSelector("#image-upload input[name=file]")).sendKeys(firmware.toString());
        browser.findElement(By.cssSelector("#image-upload button")).click();
        confirm("fw-7", "39.1 KB");
        waiting().until(ExpectedConditions.textToBe(By.id("image-message"), "image fw-7 uploaded"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("image-list"), "stored"));
        String list = browser.findElement(By.id("image-list")).getText();
        assertTrue(list.contains("fw-7") && list.contains("sensor-fw-7.0") && list.contains("39.1 KB"), list);
        assertTrue(browser.findElement(By.id("image-store")).getText().startsWith("1 image, 39.1 KB stored"),
                browser.findElement(By.id("image-store")).getText());
        screenshot("images");
        assertEquals("stored", given().get("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/images/fw-7").then()
                .statusCode(200).extract().path("status"), "the API holds what the page showed");
        assertOnlyGatewayRequests();
    }

    @Test
    void aWrongPasswordIsSaidOnTheSignInPage() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(base + "/console/login.html");
        browser.findElement(By.id("username")).sendKeys("operator-1");
        browser.findElement(By.id("password")).sendKeys("not-this-one");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("error"), "wrong user name or password"));
        screenshot("sign-in");
        signIn("operator-1", "console-operator-password");
        assertEquals("operator", browser.findElement(By.id("role")).getText());
    }
}
